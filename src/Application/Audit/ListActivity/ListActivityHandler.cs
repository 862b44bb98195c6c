using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Audit.ListActivity;

public sealed class ListActivityHandler(ISecurityEventRepository events, IEnumerable<IIdentityTokenVerifier> verifiers)
    : IQueryHandler<ListActivityQuery, IReadOnlyList<SecurityEventDto>>
{
    public async ValueTask<IReadOnlyList<SecurityEventDto>> Handle(ListActivityQuery query, CancellationToken cancellationToken)
    {
        var page = await events.ListByUserAsync(query.UserId, query.Limit, query.Before, cancellationToken);
        return
        [
            .. page.Select(e => new SecurityEventDto(
                e.Id,
                e.OccurredAt,
                e.Type,
                e.Provider,
                e.Provider is null ? null : verifiers.DisplayNameOf(e.Provider),
                e.AccountEmail,
                e.IpAddress,
                e.UserAgent)),
        ];
    }
}
