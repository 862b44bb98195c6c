using Mediator;

namespace GoogleLogin.Application.Auth.RevokeAllSessions;

/// <summary>Sign the user out everywhere: every session of theirs is revoked.</summary>
public sealed record RevokeAllSessionsCommand(Guid UserId) : ICommand<int>;
