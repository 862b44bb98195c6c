using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Common.Mappings;
using MapsterMapper;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.ListSessions;

public sealed class ListSessionsHandler(
    ISessionRepository sessions,
    IMapper mapper,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : IQueryHandler<ListSessionsQuery, IReadOnlyList<SessionDto>>
{
    public async ValueTask<IReadOnlyList<SessionDto>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lifetime = sessionOptions.Value.ToLifetime();
        var unrevoked = await sessions.ListUnrevokedByUserAsync(query.UserId, cancellationToken);
        return mapper.From(unrevoked.Where(s => s.IsActiveAt(now, lifetime)).ToList())
            .AddParameters(MappingConfig.CurrentSessionId, query.CurrentSessionId)
            .AdaptToType<List<SessionDto>>();
    }
}
