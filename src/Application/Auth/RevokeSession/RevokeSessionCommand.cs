using Mediator;

namespace GoogleLogin.Application.Auth.RevokeSession;

/// <summary>End one of the user's sessions for good: its cookie is refused from now on.</summary>
/// <param name="CurrentSessionId">The session the request came with: ending it is signing out.</param>
public sealed record RevokeSessionCommand(Guid UserId, Guid SessionId, Guid CurrentSessionId) : ICommand;
