using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Audit.RecordSecurityEvent;

/// <summary>
/// Something happened to <paramref name="UserId"/>'s account that the person should be able to see
/// again. Published by a handler before it saves: the event is recorded in the same transaction.
/// </summary>
/// <param name="Provider">The provider's route name, when a provider was involved.</param>
/// <param name="AccountEmail">The email the provider gave for the account involved, to tell two accounts of one provider apart.</param>
public sealed record SecurityEventRaised(Guid UserId, SecurityEventType Type, string? Provider = null, string? AccountEmail = null) : INotification;
