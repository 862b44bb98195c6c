using Mediator;

namespace GoogleLogin.Application.Users.UnlinkLogin;

/// <summary>Removes one of the user's logins; never the last (<see cref="Domain.Users.LastLoginException"/>).</summary>
public sealed record UnlinkLoginCommand(Guid UserId, Guid LoginId) : ICommand;
