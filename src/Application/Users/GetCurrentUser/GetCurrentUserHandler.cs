using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using MapsterMapper;
using Mediator;

namespace GoogleLogin.Application.Users.GetCurrentUser;

public sealed class GetCurrentUserHandler(IUserRepository users, IMapper mapper)
    : IQueryHandler<GetCurrentUserQuery, UserDto>
{
    public async ValueTask<UserDto> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(query.UserId, cancellationToken)
            ?? throw new NotFoundException("User", query.UserId);
        return mapper.Map<UserDto>(user);
    }
}
