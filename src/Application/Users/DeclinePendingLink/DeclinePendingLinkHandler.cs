using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Users.DeclinePendingLink;

public sealed class DeclinePendingLinkHandler(IPendingLinkRepository pendingLinks, TimeProvider timeProvider)
    : ICommandHandler<DeclinePendingLinkCommand>
{
    public async ValueTask<Unit> Handle(DeclinePendingLinkCommand command, CancellationToken cancellationToken)
    {
        var pending = await pendingLinks.FindAsync(command.Id, cancellationToken);
        if (pending is null || !pending.IsFor(command.SessionId, timeProvider.GetUtcNow()) ||
            !await pendingLinks.TryRemoveAsync(pending.Id, cancellationToken))
        {
            throw new NotFoundException("Pending link", command.Id);
        }

        return Unit.Value;
    }
}
