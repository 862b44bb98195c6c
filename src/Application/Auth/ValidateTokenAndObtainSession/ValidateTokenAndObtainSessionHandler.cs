using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.SignInNonces;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Domain.Users;
using MapsterMapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

public sealed partial class ValidateTokenAndObtainSessionHandler(
    IEnumerable<IIdentityTokenVerifier> verifiers,
    IUserRepository users,
    ISessionRepository sessions,
    IPendingLinkRepository pendingLinks,
    IdTokenNonceCheck nonceCheck,
    RedirectUserInfo userInfo,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    IMapper mapper,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions,
    ILogger<ValidateTokenAndObtainSessionHandler> logger)
    : ICommandHandler<ValidateTokenAndObtainSessionCommand, SessionIssued>
{
    public async ValueTask<SessionIssued> Handle(ValidateTokenAndObtainSessionCommand command, CancellationToken cancellationToken)
    {
        var verifier = verifiers.Find(command.Provider)
            ?? throw new UnknownIdentityProviderException(command.Provider);
        // A renewal needs a nonce of this browser's whatever the provider's setting: else any old token of the
        // account, from a log or another app, would renew the session.
        var policy = command.ReauthenticatingSessionId is null ? verifier.Policy : verifier.Policy with { RequireNonce = true };

        var verified = await verifier.VerifyAsync(command.IdToken, cancellationToken);
        await nonceCheck.ConsumeAsync(policy, verified.Nonce, command.Nonce, command.NonceBinding, cancellationToken);
        // A provider that ignored max_age=0 (or a browser session it kept) would renew on an old sign-in.
        if (command.SignedInSince is { } since && !(verified.AuthenticatedAt >= since - policy.ClockTolerance))
        {
            throw new IdentityTokenRejectedException("stale_auth_time");
        }

        var identity = await userInfo.SupplementAsync(verifier.Provider, verified, command.AccessToken, cancellationToken);

        try
        {
            return await SignInAsync(verifier, identity, command, cancellationToken);
        }
        catch (ExternalIdentityAlreadyRegisteredException)
        {
            // A parallel first sign-in of the same account won the insert. The user exists now,
            // so signing in again updates it instead of creating a second one.
            return await SignInAsync(verifier, identity, command, cancellationToken);
        }
        catch (ChangedMeanwhileException)
        {
            // The login was removed from its user while this sign-in ran. Signing in again is signing in
            // after the removal: the account is no login of that user any more.
            await unitOfWork.DiscardAsync(cancellationToken);
            return await SignInAsync(verifier, identity, command, cancellationToken);
        }
    }

    private async Task<SessionIssued> SignInAsync(
        IIdentityTokenVerifier verifier,
        VerifiedIdentity verified,
        ValidateTokenAndObtainSessionCommand command,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var identity = new ExternalIdentity(verified.Issuer, verified.Subject);
        var profile = new UserProfile(
            verified.Email,
            verified.EmailVerified,
            verified.GivenName,
            verified.FamilyName,
            verified.PictureUrl,
            verified.HostedDomain);

        var user = await users.FindByExternalIdentityAsync(identity, cancellationToken);
        Session? renewed = null;
        if (command.ReauthenticatingSessionId is { } renewedId)
        {
            renewed = await RenewableSessionAsync(renewedId, user, now, cancellationToken);
        }
        else
        {
            user ??= await FindRegisteredMeanwhileOrRefuseClashAsync(verifier, identity, verified, cancellationToken);
        }

        if (user is null)
        {
            user = User.Register(identity, verifier.Provider, profile, now);
            users.Add(user);
        }
        else if (!user.IsActive)
        {
            // The person whose account it is may want to know someone holds one of its logins.
            await RecordRefusalAsync([user.Id], SecurityEventType.SignInRefusedDisabled, verifier.Provider, verified.Email, cancellationToken);
            throw new UserInactiveException(user.Id);
        }
        else
        {
            // Held until saved: parallel sign-ins count each other's sessions against the limit, and a removal
            // of this login ends the session opened here, or has ended before and is seen by the read below.
            await users.HoldAsync(user.Id, cancellationToken);
            if (await users.FindByExternalIdentityAsync(identity, cancellationToken) != user)
            {
                throw new ChangedMeanwhileException();
            }

            user.RecordSignIn(identity, verifier.Provider, profile, now);
        }

        // Signing in again in place replaces the session: the person did not end it, so no event says so (nor
        // below, where a same-site provider's return brings this very session's cookie along).
        renewed?.Revoke(now);

        // The session this browser presented ends in the same transaction as the new one begins: switching
        // accounts, or signing in again, leaves no second live session behind in the browser's history.
        await RevokePresentedSessionAsync(command, now, cancellationToken);

        // Always a fresh session: a session id planted before sign-in is never promoted (no fixation).
        var token = SessionToken.New();
        // Recorded so that removing the login ends the sessions it opened.
        var login = user.Logins.Single(login => login.Identity == identity);
        var session = Session.Open(user.Id, login.Id, token, sessionOptions.Value.ToLifetime(), now, command.UserAgent, command.IpAddress);
        sessions.Add(session);
        if (renewed is not null)
        {
            await MovePendingLinksAsync(renewed, session, now, cancellationToken);
        }
        else
        {
            // A renewal replaces one session with one: it never makes another give way (and the one it replaces is
            // revoked only in this save, so the count here would still see it).
            await RevokeSessionsBeyondLimitAsync(user.Id, now, cancellationToken);
        }

        var type = renewed is null ? SecurityEventType.SignedIn : SecurityEventType.Reauthenticated;
        await publisher.Publish(new SecurityEventRaised(user.Id, type, verifier.Provider, verified.Email), cancellationToken);

        await unitOfWork.SaveChangesAsync(cancellationToken);

        return new SessionIssued(mapper.Map<UserDto>(user), token.Value, session.ExpiresAt, session.CreatedAt);
    }

    /// <summary>
    /// The session a re-authentication renews: live, and the user of the account just verified. Any other
    /// account (another user's, or one nobody here has) is refused before anything changes: the session stays
    /// as it was, and no account is created or refused by email.
    /// </summary>
    /// <exception cref="SessionEndedException">The session ended while the person was at the provider.</exception>
    /// <exception cref="ReauthenticationMismatchException">The account is none of the session's user's logins.</exception>
    private async Task<Session> RenewableSessionAsync(Guid sessionId, User? accountUser, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await sessions.FindByIdAsync(sessionId, cancellationToken);
        if (session is null || !session.IsActiveAt(now, sessionOptions.Value.ToLifetime()))
        {
            throw new SessionEndedException();
        }

        if (accountUser is null || accountUser.Id != session.UserId)
        {
            throw new ReauthenticationMismatchException();
        }

        return session;
    }

    /// <summary>
    /// The renewed session's pending links follow it, saved with it: the person may have signed in again just to be
    /// able to confirm one. Only a renewal carries them; a sign-in that ends a presented session may be anyone's.
    /// </summary>
    private async Task MovePendingLinksAsync(Session renewed, Session session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var pending in await pendingLinks.ListUnexpiredBySessionAsync(renewed.Id, now, cancellationToken))
        {
            pending.MoveTo(session.Id);
        }
    }

    /// <summary>Marks the presented session revoked, to be saved with the new one; a dead or unknown cookie is ignored.</summary>
    private async Task RevokePresentedSessionAsync(ValidateTokenAndObtainSessionCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = SessionToken.TryParse(command.PresentedSessionToken, out var token) ? token.Hash() : command.PresentedSessionHash;
        if (hash is null)
        {
            return;
        }

        var presented = await sessions.FindByTokenHashAsync(hash, cancellationToken);
        // It may be another user's (someone else signed in in this browser): theirs is the event.
        if (presented is not null && presented.Revoke(now))
        {
            await publisher.Publish(new SecurityEventRaised(presented.UserId, SecurityEventType.SessionRevoked), cancellationToken);
        }
    }

    /// <summary>
    /// Keeps a user's active sessions within <see cref="SessionOptions.MaxPerUser"/>, counting the one
    /// being opened: the oldest make way, in the same save, so sign-ins cannot pile up sessions (and rows).
    /// </summary>
    private async Task RevokeSessionsBeyondLimitAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = sessionOptions.Value;
        var beyondLimit = await sessions.ListActiveByUserBeyondNewestAsync(userId, options.MaxPerUser - 1, now, options.ToLifetime(), cancellationToken);
        foreach (var session in beyondLimit)
        {
            session.Revoke(now);
            await publisher.Publish(new SecurityEventRaised(userId, SecurityEventType.SessionRevoked), cancellationToken);
        }
    }

    /// <summary>
    /// An account this application has never seen. If its email is a user's verified email, signing it
    /// in as a new user would split that person in two, and signing it in as that user would let
    /// whoever holds the address now take the account (a lapsed domain, a reassigned address). So it is
    /// refused, naming how that account signs in: the person signs in there and links this one on
    /// purpose. Unverified emails are never compared.
    /// </summary>
    /// <returns>The user this very account registered in a parallel first sign-in; otherwise null, for a new user.</returns>
    private async Task<User?> FindRegisteredMeanwhileOrRefuseClashAsync(
        IIdentityTokenVerifier verifier,
        ExternalIdentity identity,
        VerifiedIdentity verified,
        CancellationToken cancellationToken)
    {
        if (!verified.EmailVerified || User.NormalizeEmail(verified.Email) is not { } normalizedEmail)
        {
            return null;
        }

        // A user with no login left (none can be removed now, but one may have been by parallel removals
        // before) can never sign in again, and holds its address for nobody.
        var owners = (await users.ListByVerifiedEmailAsync(normalizedEmail, cancellationToken)).Where(owner => owner.Logins.Count > 0).ToList();
        if (owners.Count == 0)
        {
            return null;
        }

        // A parallel first sign-in of this very account may have committed its new user since the lookup by
        // subject found nobody: then the address belongs to this account. Its login was committed with the
        // user, so a lookup now finds it.
        if (await users.FindByExternalIdentityAsync(identity, cancellationToken) is { } registeredMeanwhile)
        {
            return registeredMeanwhile;
        }

        LogEmailClash(logger, owners.Count);
        // Each owner sees the refusal in their activity: someone holds another account with their address.
        await RecordRefusalAsync([.. owners.Select(owner => owner.Id)], SecurityEventType.SignInRefusedEmailInUse, verifier.Provider, verified.Email, cancellationToken);
        // Named to the person (the detail) and to the page (signInWith), which offers that provider's button.
        var ownerProvider = owners[0].Logins.MaxBy(login => login.LastUsedAt)!.Provider;
        var ownerDisplayName = verifiers.DisplayNameOf(ownerProvider);
        throw new EmailAlreadyRegisteredException(ownerProvider, ownerDisplayName, verifier.Policy.DisplayName);
    }

    /// <summary>
    /// Saves the refusal's event for each user it names. The refusal is the answer either way: a save that fails
    /// (the user deleted meanwhile, a busy database) is logged and does not turn a 403 or 409 into a 500.
    /// </summary>
    private async Task RecordRefusalAsync(
        IReadOnlyList<Guid> userIds, SecurityEventType type, string provider, string? accountEmail, CancellationToken cancellationToken)
    {
        try
        {
            // A refusal's event is written as it is raised (SecurityEventRecorder): within the try too.
            foreach (var userId in userIds)
            {
                await publisher.Publish(new SecurityEventRaised(userId, type, provider, accountEmail), cancellationToken);
            }

            await unitOfWork.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRefusalNotRecorded(logger, type, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A refused sign-in's {EventType} event could not be saved ({ExceptionType})")]
    private static partial void LogRefusalNotRecorded(ILogger logger, SecurityEventType eventType, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "New external account refused: its verified email belongs to {OwnerCount} existing user(s)")]
    private static partial void LogEmailClash(ILogger logger, int ownerCount);
}
