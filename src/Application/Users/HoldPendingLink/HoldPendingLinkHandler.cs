using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Domain.Users;
using Mediator;

namespace GoogleLogin.Application.Users.HoldPendingLink;

public sealed class HoldPendingLinkHandler(
    LoginLinking linking,
    IPendingLinkRepository pendingLinks,
    IUnitOfWork unitOfWork,
    TimeProvider timeProvider) : ICommandHandler<HoldPendingLinkCommand, Guid>
{
    public async ValueTask<Guid> Handle(HoldPendingLinkCommand command, CancellationToken cancellationToken)
    {
        var account = await linking.VerifyAsync(
            command.SessionId, command.Provider, command.IdToken, command.Nonce, command.NonceBinding, cancellationToken, command.AccessToken);
        var pending = PendingLink.Hold(
            account.SessionId, account.Identity, account.Provider, account.Email, account.EmailVerified, timeProvider.GetUtcNow());
        pendingLinks.Add(pending);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return pending.Id;
    }
}
