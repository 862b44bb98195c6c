using GoogleLogin.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.ListSessions;

public sealed class ListSessionsHandler(
    ISessionRepository sessions,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : IQueryHandler<ListSessionsQuery, IReadOnlyList<SessionDto>>
{
    public async ValueTask<IReadOnlyList<SessionDto>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lifetime = sessionOptions.Value.ToLifetime();
        var unrevoked = await sessions.ListUnrevokedByUserAsync(query.UserId, cancellationToken);
        return
        [
            .. unrevoked
                .Where(s => s.IsActiveAt(now, lifetime))
                .Select(s => new SessionDto(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UserAgent, s.IpAddress, s.Id == query.CurrentSessionId)),
        ];
    }
}
