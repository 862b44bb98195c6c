using GoogleLogin.Application.Users;
using Mediator;

namespace GoogleLogin.Application.Auth.AuthenticateSession;

/// <summary>Resolve a session cookie's value to an active session and its user, or null.</summary>
public sealed record AuthenticateSessionQuery(string SessionToken) : IQuery<AuthenticatedSession?>
{
    public override string ToString() => nameof(AuthenticateSessionQuery);
}

/// <summary>An active session, with its user as the API shows it, read in the same query.</summary>
/// <param name="SignedInAt">When the session was opened: the sign-in that the recent-sign-in rule counts from.</param>
public sealed record AuthenticatedSession(Guid SessionId, Guid UserId, UserDto User, DateTimeOffset SignedInAt);
