using Mediator;

namespace GoogleLogin.Application.Users.UnlinkLogin;

/// <summary>
/// Removes one of the session's user's logins, never the last (<see cref="Domain.Users.LastLoginException"/>), from a
/// session opened within the re-authentication window; the sessions opened through that login end with it.
/// </summary>
public sealed record UnlinkLoginCommand(Guid SessionId, Guid LoginId) : ICommand<LoginUnlinked>;

/// <summary>What removing a login did to the session that asked.</summary>
/// <param name="SessionEnded">The session asking was opened through the login, and has ended with it: the caller is signed out.</param>
public sealed record LoginUnlinked(bool SessionEnded);
