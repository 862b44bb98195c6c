using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Users.ListLogins;

public sealed class ListLoginsHandler(IUserRepository users, IEnumerable<IIdentityTokenVerifier> verifiers)
    : IQueryHandler<ListLoginsQuery, IReadOnlyList<LoginDto>>
{
    public async ValueTask<IReadOnlyList<LoginDto>> Handle(ListLoginsQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(query.UserId, cancellationToken) ?? throw new NotFoundException("User", query.UserId);
        return
        [
            .. user.Logins
                .OrderBy(login => login.LinkedAt)
                .Select(login => LoginDto.From(login, verifiers.DisplayNameOf(login.Provider))),
        ];
    }
}
