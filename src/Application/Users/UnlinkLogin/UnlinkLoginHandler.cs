using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth;
using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Users.UnlinkLogin;

public sealed class UnlinkLoginHandler(
    IUserRepository users,
    ISessionRepository sessions,
    RecentSignInCheck recentSignIn,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : ICommandHandler<UnlinkLoginCommand, LoginUnlinked>
{
    public async ValueTask<LoginUnlinked> Handle(UnlinkLoginCommand command, CancellationToken cancellationToken)
    {
        // As for linking: a stolen older session must not strip the account of its owner's other logins.
        var session = await recentSignIn.EnsureAsync(command.SessionId, cancellationToken);

        // Read after holding: of two parallel removals, the second sees the first's, so the last login stays,
        // and a sign-in through the login either opened its session before (ended below) or fails after.
        await users.HoldAsync(session.UserId, cancellationToken);
        var user = await users.FindByIdAsync(session.UserId, cancellationToken);
        var removed = user?.Unlink(command.LoginId) ?? throw new NotFoundException("Login", command.LoginId);
        await publisher.Publish(new SecurityEventRaised(session.UserId, SecurityEventType.LoginUnlinked, removed.Provider, removed.Email), cancellationToken);

        // A login removed because someone else holds it takes the sessions opened through it along, in the same save.
        // A session that does not say which login opened it (opened before sessions recorded it) might be one of them.
        var now = timeProvider.GetUtcNow();
        var openedThroughIt = (await sessions.ListActiveByUserAsync(session.UserId, now, sessionOptions.Value.ToLifetime(), cancellationToken))
            .Where(active => OpenedThrough(active, removed.Id));
        foreach (var ended in openedThroughIt)
        {
            ended.Revoke(now);
            await publisher.Publish(new SecurityEventRaised(session.UserId, SecurityEventType.SessionRevoked), cancellationToken);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return new LoginUnlinked(SessionEnded: OpenedThrough(session, removed.Id));
    }

    private static bool OpenedThrough(Session session, Guid loginId) => session.LoginId is null || session.LoginId == loginId;
}
