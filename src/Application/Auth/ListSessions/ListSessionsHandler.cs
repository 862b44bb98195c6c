using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Common.Mappings;
using GoogleLogin.Application.Users.ListLogins;
using MapsterMapper;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.ListSessions;

public sealed class ListSessionsHandler(
    ISessionRepository sessions,
    IUserRepository users,
    IEnumerable<IIdentityTokenVerifier> verifiers,
    IMapper mapper,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : IQueryHandler<ListSessionsQuery, IReadOnlyList<SessionDto>>
{
    public async ValueTask<IReadOnlyList<SessionDto>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var active = await sessions.ListActiveByUserAsync(query.UserId, timeProvider.GetUtcNow(), sessionOptions.Value.ToLifetime(), cancellationToken);
        // Each session names the login that opened it, as the sign-in methods list shows that login.
        var user = await users.FindByIdAsync(query.UserId, cancellationToken);
        IReadOnlyDictionary<Guid, LoginDto> logins = (user?.Logins ?? []).ToDictionary(
            login => login.Id,
            login => LoginDto.From(login, verifiers.DisplayNameOf(login.Provider)));
        return mapper.From(active)
            .AddParameters(MappingConfig.CurrentSessionId, query.CurrentSessionId)
            .AddParameters(MappingConfig.LoginsById, logins)
            .AdaptToType<List<SessionDto>>();
    }
}
