using Mediator;

namespace GoogleLogin.Application.Users.DisableUser;

/// <summary>Stop a user from signing in, and end every session they have, in one step.</summary>
public sealed record DisableUserCommand(Guid UserId) : ICommand;
