using Mediator;

namespace GoogleLogin.Application.Auth.RevokeSession;

/// <summary>End one of the user's sessions for good: its cookie is refused from now on.</summary>
public sealed record RevokeSessionCommand(Guid UserId, Guid SessionId) : ICommand;
