using GoogleLogin.Application.Common.Exceptions;

namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>
/// Verifies an ID token issued by one identity provider (Google, Microsoft, any OpenID Connect issuer)
/// and returns who it identifies. Implementations live in Infrastructure; nothing provider-specific
/// crosses this port.
/// </summary>
public interface IIdentityTokenVerifier
{
    /// <summary>The provider's route name, such as <c>google</c>.</summary>
    string Provider { get; }

    /// <summary>How the application treats this provider's identities; read from its configuration on each use.</summary>
    IdentityProviderPolicy Policy { get; }

    /// <exception cref="IdentityTokenRejectedException">The token is not valid for this application.</exception>
    /// <exception cref="IdentityNotAllowedException">The token is valid, but the provider's configuration does not admit this identity.</exception>
    /// <exception cref="IdentityProviderUnavailableException">The provider's discovery document or signing keys could not be obtained.</exception>
    Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken);
}

/// <param name="DisplayName">The provider's name as users know it, such as <c>Google</c>.</param>
/// <param name="RequireNonce">
/// Tokens without a nonce are refused. Only native clients that cannot set a nonce need this off;
/// a token that does carry one must still carry a nonce this application issued.
/// </param>
/// <param name="BrowserSignIn">How the sign-in page offers this provider; null when it offers no button for it (ID tokens only).</param>
/// <param name="ClockTolerance">How far the provider's clock may be from this one, as its tokens' times are read.</param>
public sealed record IdentityProviderPolicy(string DisplayName, bool RequireNonce, BrowserSignIn? BrowserSignIn = null, TimeSpan ClockTolerance = default);

/// <summary>How a browser signs in with a provider.</summary>
/// <param name="ClientId">For <see cref="SignInMethod.GoogleButton"/>, the client ID Google's button runs with.</param>
public sealed record BrowserSignIn(SignInMethod Method, string? ClientId = null);

/// <summary>How the browser signs in with a provider. In the API, in kebab case: <c>google-button</c>, <c>redirect</c>.</summary>
public enum SignInMethod
{
    /// <summary>Google's own button in the page, which hands the browser an ID token to post.</summary>
    GoogleButton,

    /// <summary>A redirect to the provider (authorization code with PKCE), which comes back to the callback.</summary>
    Redirect,
}

/// <summary>The claims of a verified ID token that this application uses.</summary>
/// <param name="AuthenticatedAt">When the person last signed in at the provider (<c>auth_time</c>), if the token says.</param>
public sealed record VerifiedIdentity(
    string Issuer,
    string Subject,
    string? Email,
    bool EmailVerified,
    string? GivenName,
    string? FamilyName,
    string? PictureUrl,
    string? HostedDomain,
    string? Nonce,
    DateTimeOffset? AuthenticatedAt = null);
