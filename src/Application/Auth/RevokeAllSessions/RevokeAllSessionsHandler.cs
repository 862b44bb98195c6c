using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.RevokeAllSessions;

public sealed class RevokeAllSessionsHandler(
    ISessionRepository sessions,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : ICommandHandler<RevokeAllSessionsCommand, int>
{
    /// <returns>How many sessions were revoked. Expired ones are already unusable and are left to the sweep.</returns>
    public async ValueTask<int> Handle(RevokeAllSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var others = (await sessions.ListActiveByUserAsync(command.UserId, now, sessionOptions.Value.ToLifetime(), cancellationToken))
            .Where(session => session.Id != command.KeepSessionId)
            .ToList();
        foreach (var session in others)
        {
            session.Revoke(now);
        }

        // Recorded even when there was nothing to end: the person asked, and sees that they did.
        var type = command.KeepSessionId is null ? SecurityEventType.SignedOutEverywhere : SecurityEventType.SignedOutElsewhere;
        await publisher.Publish(new SecurityEventRaised(command.UserId, type), cancellationToken);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return others.Count;
    }
}
