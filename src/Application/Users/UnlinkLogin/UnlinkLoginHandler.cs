using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Users.UnlinkLogin;

public sealed class UnlinkLoginHandler(IUserRepository users, IUnitOfWork unitOfWork, IPublisher publisher) : ICommandHandler<UnlinkLoginCommand>
{
    public async ValueTask<Unit> Handle(UnlinkLoginCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.UserId, cancellationToken);
        var removed = user?.Unlink(command.LoginId) ?? throw new NotFoundException("Login", command.LoginId);
        await publisher.Publish(new SecurityEventRaised(command.UserId, SecurityEventType.LoginUnlinked, removed.Provider), cancellationToken);

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
