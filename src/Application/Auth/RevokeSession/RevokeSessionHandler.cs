using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Auth.RevokeSession;

public sealed class RevokeSessionHandler(
    ISessionRepository sessions,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    TimeProvider timeProvider)
    : ICommandHandler<RevokeSessionCommand>
{
    public async ValueTask<Unit> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var session = await sessions.FindByIdAsync(command.SessionId, cancellationToken);
        // Another user's session is answered exactly like a missing one: ids reveal nothing.
        if (session is null || session.UserId != command.UserId)
        {
            throw new NotFoundException("Session", command.SessionId);
        }

        // Revoking it again is answered alike, and recorded once.
        if (session.Revoke(timeProvider.GetUtcNow()))
        {
            var type = session.Id == command.CurrentSessionId ? SecurityEventType.SignedOut : SecurityEventType.SessionRevoked;
            await publisher.Publish(new SecurityEventRaised(command.UserId, type), cancellationToken);
        }
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
