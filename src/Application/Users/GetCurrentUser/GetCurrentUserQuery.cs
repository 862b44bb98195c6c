using Mediator;

namespace GoogleLogin.Application.Users.GetCurrentUser;

public sealed record GetCurrentUserQuery(Guid UserId) : IQuery<UserDto>;
