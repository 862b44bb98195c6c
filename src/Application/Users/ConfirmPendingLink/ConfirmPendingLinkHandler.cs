using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Application.Users.ListLogins;
using Mediator;

namespace GoogleLogin.Application.Users.ConfirmPendingLink;

public sealed class ConfirmPendingLinkHandler(
    IPendingLinkRepository pendingLinks,
    RecentSignInCheck recentSignIn,
    LoginLinking linking,
    IEnumerable<IIdentityTokenVerifier> verifiers,
    TimeProvider timeProvider) : ICommandHandler<ConfirmPendingLinkCommand, LoginDto>
{
    public async ValueTask<LoginDto> Handle(ConfirmPendingLinkCommand command, CancellationToken cancellationToken)
    {
        // The session may have aged past the window, or been revoked, since the provider sent the browser back.
        var session = await recentSignIn.EnsureAsync(command.SessionId, cancellationToken);

        var pending = await pendingLinks.FindAsync(command.Id, cancellationToken);
        // Used up before anything else: of two confirmations, one links.
        if (pending is null || !pending.IsFor(session.Id, timeProvider.GetUtcNow()) ||
            !await pendingLinks.TryRemoveAsync(pending.Id, cancellationToken))
        {
            throw new NotFoundException("Pending link", command.Id);
        }

        var displayName = verifiers.DisplayNameOf(pending.Provider);
        var user = await linking.UserToGainAsync(session.UserId, pending.Identity, displayName, cancellationToken);
        return await linking.LinkAsync(user, pending.Identity, pending.Provider, displayName, pending.Email, cancellationToken);
    }
}
