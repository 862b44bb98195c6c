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
    /// <exception cref="IdentityProviderUnavailableException">The provider's signing keys could not be obtained.</exception>
    Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken);
}

/// <param name="DisplayName">The provider's name as users know it, such as <c>Google</c>.</param>
/// <param name="RequireNonce">
/// Tokens without a nonce are refused. Only native clients that cannot set a nonce need this off;
/// a token that does carry one must still carry a nonce this application issued.
/// </param>
public sealed record IdentityProviderPolicy(string DisplayName, bool RequireNonce);

/// <summary>The claims of a verified ID token that this application uses.</summary>
public sealed record VerifiedIdentity(
    string Issuer,
    string Subject,
    string? Email,
    bool EmailVerified,
    string? GivenName,
    string? FamilyName,
    string? PictureUrl,
    string? HostedDomain,
    string? Nonce);
