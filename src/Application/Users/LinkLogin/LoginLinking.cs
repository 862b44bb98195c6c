using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.SignInNonces;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Users;
using Mediator;

namespace GoogleLogin.Application.Users.LinkLogin;

/// <summary>A provider account that passed every rule of linking, and the user that may gain it.</summary>
/// <param name="Provider">The route name of the provider that verified it.</param>
public sealed record LinkableAccount(
    User User,
    Guid SessionId,
    ExternalIdentity Identity,
    string Provider,
    string ProviderDisplayName,
    string? Email,
    bool EmailVerified);

/// <summary>
/// The rules of linking, for both of its routes: an ID token posted by the page (linked at once) and a
/// redirect's return (held as a <see cref="PendingLink"/> until the page confirms it).
/// </summary>
public sealed class LoginLinking(
    IEnumerable<IIdentityTokenVerifier> verifiers,
    IUserRepository users,
    RecentSignInCheck recentSignIn,
    IdTokenNonceCheck nonceCheck,
    RedirectUserInfo userInfo,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    TimeProvider timeProvider)
{
    /// <summary>
    /// The session is recent, the token verifies with its nonce from this browser (used up here), and the
    /// account is free for the session's active user.
    /// </summary>
    /// <param name="accessToken">A redirect's access token, with which the provider's userinfo fills what the ID token lacks.</param>
    public async Task<LinkableAccount> VerifyAsync(
        Guid sessionId, string provider, string idToken, string? nonce, string? nonceBinding, CancellationToken cancellationToken, string? accessToken = null)
    {
        // Checked first: a token sent from an old session is not used up, and can be sent again after a sign-in.
        var session = await recentSignIn.EnsureAsync(sessionId, cancellationToken);

        var verifier = verifiers.Find(provider) ?? throw new UnknownIdentityProviderException(provider);
        var token = await verifier.VerifyAsync(idToken, cancellationToken);
        await nonceCheck.ConsumeAsync(verifier.Policy, token.Nonce, nonce, nonceBinding, cancellationToken);
        var verified = await userInfo.SupplementAsync(verifier.Provider, token, accessToken, cancellationToken);

        var identity = new ExternalIdentity(verified.Issuer, verified.Subject);
        var user = await UserToGainAsync(session.UserId, identity, verifier.Policy.DisplayName, cancellationToken);
        return new LinkableAccount(user, session.Id, identity, verifier.Provider, verifier.Policy.DisplayName, verified.Email, verified.EmailVerified);
    }

    /// <summary>The user, if the account signs in to nobody else and the user is active.</summary>
    public async Task<User> UserToGainAsync(Guid userId, ExternalIdentity identity, string providerDisplayName, CancellationToken cancellationToken)
    {
        var owner = await users.FindByExternalIdentityAsync(identity, cancellationToken);
        if (owner is not null && owner.Id != userId)
        {
            throw new LoginBelongsToAnotherUserException(providerDisplayName);
        }

        var user = owner ?? await users.FindByIdAsync(userId, cancellationToken) ?? throw new NotFoundException("User", userId);
        // Disabled while the person was at the provider, or within the session cache's latency.
        if (!user.IsActive)
        {
            throw new UserInactiveException(user.Id);
        }

        return user;
    }

    /// <summary>Adds the login (from <see cref="UserToGainAsync"/>'s user), records the event and saves.</summary>
    public async Task<LoginDto> LinkAsync(
        User user, ExternalIdentity identity, string provider, string providerDisplayName, string? email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Link(identity, provider, email, timeProvider.GetUtcNow()))
        {
            await publisher.Publish(new SecurityEventRaised(user.Id, SecurityEventType.LoginLinked, provider, email), cancellationToken);
        }

        try
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }
        catch (ExternalIdentityAlreadyRegisteredException)
        {
            // A first sign-in of that very account registered it as a new user in the meantime.
            throw new LoginBelongsToAnotherUserException(providerDisplayName);
        }

        return LoginDto.From(user.Logins.Single(login => login.Identity == identity), providerDisplayName);
    }
}
