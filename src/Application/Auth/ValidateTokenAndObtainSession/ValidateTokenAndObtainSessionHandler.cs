using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
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
    ISignInNonceRepository nonces,
    ISignInNonceKeyStore nonceKeys,
    IUnitOfWork unitOfWork,
    IMapper mapper,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions,
    ILogger<ValidateTokenAndObtainSessionHandler> logger)
    : ICommandHandler<ValidateTokenAndObtainSessionCommand, SessionIssued>
{
    public async ValueTask<SessionIssued> Handle(ValidateTokenAndObtainSessionCommand command, CancellationToken cancellationToken)
    {
        var verifier = verifiers.FirstOrDefault(v => string.Equals(v.Provider, command.Provider, StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownIdentityProviderException(command.Provider);
        var policy = verifier.Policy;

        var identity = await verifier.VerifyAsync(command.IdToken, cancellationToken);
        await ConsumeNonceAsync(policy, identity.Nonce, command, cancellationToken);

        try
        {
            return await SignInAsync(policy, identity, command, cancellationToken);
        }
        catch (ExternalIdentityAlreadyRegisteredException)
        {
            // A parallel first sign-in of the same account won the insert. The user exists now,
            // so signing in again updates it instead of creating a second one.
            return await SignInAsync(policy, identity, command, cancellationToken);
        }
    }

    /// <summary>
    /// Accepts the token's nonce only if this application issued it to this browser, it has not expired,
    /// and no earlier sign-in used it; using it stores it as used. So each token signs in at most once, and only
    /// in the browser that asked for its nonce.
    /// </summary>
    private async Task ConsumeNonceAsync(
        IdentityProviderPolicy policy,
        string? tokenNonce,
        ValidateTokenAndObtainSessionCommand command,
        CancellationToken cancellationToken)
    {
        var requestNonce = command.Nonce;
        if (tokenNonce is null)
        {
            if (policy.RequireNonce || requestNonce is not null)
            {
                throw Reject("nonce_missing");
            }

            return;
        }

        // The browser sends back the nonce it gave the provider: a token minted for another page is refused.
        if (requestNonce is not null &&
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(requestNonce), Encoding.UTF8.GetBytes(tokenNonce)))
        {
            throw Reject("nonce_mismatch");
        }

        var (check, use) = SignInNonce.Check(tokenNonce, command.NonceBinding, await nonceKeys.GetKeyAsync(cancellationToken), timeProvider.GetUtcNow());
        // Stored only now, once the binding is checked: another client's attempt leaves it for the browser
        // it belongs to.
        if (check == SignInNonceCheck.Valid && await nonces.TryRecordUseAsync(use!, cancellationToken))
        {
            return;
        }

        // Only to name the reason in the log (a replay from elsewhere is a replay first); the client gets
        // the same answer either way.
        throw Reject(check == SignInNonceCheck.NotBoundToThisBrowser && !await nonces.IsUsedAsync(SignInNonce.HashOf(tokenNonce), cancellationToken)
            ? "nonce_not_bound_to_this_browser"
            : "nonce_unknown_expired_or_used");
    }

    private async Task<SessionIssued> SignInAsync(
        IdentityProviderPolicy policy,
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

        var user = await users.FindByExternalIdentityAsync(identity, cancellationToken)
            ?? await FindUserToLinkAsync(policy, identity, verified, cancellationToken);
        if (user is null)
        {
            user = User.Register(identity, profile, now);
            users.Add(user);
        }
        else if (!user.IsActive)
        {
            throw new UserInactiveException(user.Id);
        }
        else
        {
            user.Link(identity);
            user.RecordSignIn(profile, now);
        }

        // The session this browser presented ends in the same transaction as the new one begins: switching
        // accounts, or signing in again, leaves no second live session behind in the browser's history.
        await RevokePresentedSessionAsync(command, now, cancellationToken);

        // Always a fresh session: a session id planted before sign-in is never promoted (no fixation).
        var token = SessionToken.New();
        var session = Session.Open(user.Id, token, sessionOptions.Value.ToLifetime(), now, command.UserAgent, command.IpAddress);
        sessions.Add(session);
        await RevokeSessionsBeyondLimitAsync(user.Id, now, cancellationToken);

        await unitOfWork.SaveChangesAsync(cancellationToken);

        return new SessionIssued(mapper.Map<UserDto>(user), token.Value, session.ExpiresAt);
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
        presented?.Revoke(now);
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
        }
    }

    /// <summary>
    /// An account this application has never seen. If its email is a user's verified email, signing it
    /// in as a new user would split that person in two, and signing it in as that user would let
    /// whoever holds the address now take the account. So: link only when allowed and the provider
    /// vouches for the address today; otherwise refuse. Unverified emails are never compared.
    /// </summary>
    private async Task<User?> FindUserToLinkAsync(
        IdentityProviderPolicy policy,
        ExternalIdentity identity,
        VerifiedIdentity verified,
        CancellationToken cancellationToken)
    {
        if (!verified.EmailVerified || User.NormalizeEmail(verified.Email) is not { } normalizedEmail)
        {
            return null;
        }

        var owners = await users.ListByVerifiedEmailAsync(normalizedEmail, cancellationToken);
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

        // Only into a user of the same issuer: another provider's "verified" may be laxer than this one's
        // authority, and a user registered there with someone's address must not receive their account.
        if (policy.LinkByVerifiedEmail && verified.EmailIsAuthoritative && owners.Count == 1 &&
            owners[0].Logins.Any(login => login.Issuer == identity.Issuer))
        {
            LogLinked(logger, owners[0].Id);
            return owners[0];
        }

        LogEmailClash(logger, owners.Count);
        throw new EmailAlreadyRegisteredException(policy.DisplayName);
    }

    private IdentityTokenRejectedException Reject(string reason)
    {
        LogTokenRejected(logger, reason);
        return new IdentityTokenRejectedException(reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ID token rejected: {Reason}")]
    private static partial void LogTokenRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "New external account linked to user {UserId} by its verified email")]
    private static partial void LogLinked(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "New external account refused: its verified email belongs to {OwnerCount} existing user(s)")]
    private static partial void LogEmailClash(ILogger logger, int ownerCount);
}
