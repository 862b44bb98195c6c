using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Users.DisableUser;

public sealed class DisableUserHandler(
    IUserRepository users,
    ISessionRepository sessions,
    IUnitOfWork unitOfWork,
    TimeProvider timeProvider)
    : ICommandHandler<DisableUserCommand>
{
    public async ValueTask<Unit> Handle(DisableUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.UserId, cancellationToken)
            ?? throw new NotFoundException("User", command.UserId);

        user.Deactivate();
        var now = timeProvider.GetUtcNow();
        foreach (var session in await sessions.ListUnrevokedByUserAsync(user.Id, cancellationToken))
        {
            session.Revoke(now);
        }

        // One transaction: there is no moment where the user is disabled but a session still works.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
