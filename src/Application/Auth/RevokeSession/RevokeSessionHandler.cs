using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Auth.RevokeSession;

public sealed class RevokeSessionHandler(
    ISessionRepository sessions,
    IUnitOfWork unitOfWork,
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

        session.Revoke(timeProvider.GetUtcNow());
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
