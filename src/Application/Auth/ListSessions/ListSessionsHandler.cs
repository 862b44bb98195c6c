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
        var active = await sessions.ListActiveByUserAsync(query.UserId, timeProvider.GetUtcNow(), sessionOptions.Value.ToLifetime(), cancellationToken);
        return mapper.From(active)
            .AddParameters(MappingConfig.CurrentSessionId, query.CurrentSessionId)
            .AdaptToType<List<SessionDto>>();
    }
}
