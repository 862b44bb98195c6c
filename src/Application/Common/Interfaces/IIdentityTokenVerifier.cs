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

    /// <exception cref="Exceptions.IdentityTokenRejectedException">The token is not valid for this application.</exception>
    /// <exception cref="Exceptions.IdentityNotAllowedException">The token is valid, but the provider's configuration does not admit this identity.</exception>
    /// <exception cref="Exceptions.IdentityProviderUnavailableException">The provider's signing keys could not be obtained.</exception>
    Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken);
}

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
