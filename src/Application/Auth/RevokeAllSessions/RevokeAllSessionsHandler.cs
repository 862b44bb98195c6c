using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Auth.RevokeAllSessions;

public sealed class RevokeAllSessionsHandler(
    ISessionRepository sessions,
    IUnitOfWork unitOfWork,
    TimeProvider timeProvider)
    : ICommandHandler<RevokeAllSessionsCommand, int>
{
    /// <returns>How many sessions were revoked.</returns>
    public async ValueTask<int> Handle(RevokeAllSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var unrevoked = await sessions.ListUnrevokedByUserAsync(command.UserId, cancellationToken);
        foreach (var session in unrevoked)
        {
            session.Revoke(now);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return unrevoked.Count;
    }
}
