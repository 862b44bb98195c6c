using Mediator;

namespace GoogleLogin.Application.Auth.AuthenticateSession;

/// <summary>Resolve a session cookie's value to an active session, or null.</summary>
public sealed record AuthenticateSessionQuery(string SessionToken) : IQuery<AuthenticatedSession?>
{
    public override string ToString() => nameof(AuthenticateSessionQuery);
}

public sealed record AuthenticatedSession(Guid SessionId, Guid UserId);
