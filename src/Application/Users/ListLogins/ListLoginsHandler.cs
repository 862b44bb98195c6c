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
                // A provider since removed from the configuration is still named, by its route name.
                .Select(login => LoginDto.From(login, verifiers.FirstOrDefault(v => v.Provider == login.Provider)?.Policy.DisplayName ?? login.Provider)),
        ];
    }
}
