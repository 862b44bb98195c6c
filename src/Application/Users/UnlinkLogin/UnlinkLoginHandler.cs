using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Users.UnlinkLogin;

public sealed class UnlinkLoginHandler(IUserRepository users, IUnitOfWork unitOfWork) : ICommandHandler<UnlinkLoginCommand>
{
    public async ValueTask<Unit> Handle(UnlinkLoginCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.UserId, cancellationToken);
        if (user is null || !user.Unlink(command.LoginId))
        {
            throw new NotFoundException("Login", command.LoginId);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
