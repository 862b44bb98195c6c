using Mediator;

namespace GoogleLogin.Application.Auth.RevokeAllSessions;

/// <summary>Sign the user out everywhere: every session of theirs is revoked, but for the one it keeps, when given.</summary>
/// <param name="KeepSessionId">The session that stays signed in ("sign out everywhere else"); null signs out everywhere.</param>
public sealed record RevokeAllSessionsCommand(Guid UserId, Guid? KeepSessionId = null) : ICommand<int>;
