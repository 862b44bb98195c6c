using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Users.GetPendingLink;

public sealed class GetPendingLinkHandler(
    IPendingLinkRepository pendingLinks,
    IEnumerable<IIdentityTokenVerifier> verifiers,
    TimeProvider timeProvider) : IQueryHandler<GetPendingLinkQuery, PendingLinkDto>
{
    public async ValueTask<PendingLinkDto> Handle(GetPendingLinkQuery query, CancellationToken cancellationToken)
    {
        // Another session's, even the same user's, is no such thing: only the browser that started it sees it.
        var pending = await pendingLinks.FindAsync(query.Id, cancellationToken);
        return pending is not null && pending.IsFor(query.SessionId, timeProvider.GetUtcNow())
            ? PendingLinkDto.From(pending, verifiers.DisplayNameOf(pending.Provider))
            : throw new NotFoundException("Pending link", query.Id);
    }
}
