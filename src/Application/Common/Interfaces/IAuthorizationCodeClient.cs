using GoogleLogin.Application.Common.Exceptions;

namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>
/// The redirect sign-in (OpenID Connect authorization code flow with PKCE) of one identity provider: where
/// to send the browser, and the exchange of the code it comes back with for an ID token, which the
/// provider's <see cref="IIdentityTokenVerifier"/> then checks. Implementations live in Infrastructure.
/// </summary>
public interface IAuthorizationCodeClient
{
    /// <summary>The provider's route name, as its verifier's.</summary>
    string Provider { get; }

    /// <exception cref="IdentityProviderUnavailableException">The provider's metadata cannot be read.</exception>
    Task<Uri> AuthorizationUrlAsync(AuthorizationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the <c>iss</c> parameter the browser came back with (RFC 9207; null when absent) says the answer is
    /// this provider's: when present it must be exactly its issuer, and it must be present when the provider's
    /// discovery document says it sends one (<c>authorization_response_iss_parameter_supported</c>). Another
    /// provider's answer, sent to this provider's callback (a mix-up), is so refused before its code goes anywhere.
    /// </summary>
    /// <exception cref="IdentityProviderUnavailableException">The provider's metadata cannot be read.</exception>
    Task<bool> IsResponseIssuerAsync(string? responseIssuer, CancellationToken cancellationToken);

    /// <summary>Redeems the code at the provider's token endpoint and returns the tokens it answers with.</summary>
    /// <exception cref="CodeExchangeFailedException">The provider refused the code, or answered with no ID token.</exception>
    /// <exception cref="IdentityProviderUnavailableException">The token endpoint cannot be reached.</exception>
    Task<CodeRedemption> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the provider's userinfo endpoint with the redemption's access token: the profile claims a provider
    /// may keep out of the code flow's ID token (OpenID Connect Core 5.4). Null when its discovery document names
    /// no userinfo endpoint.
    /// </summary>
    /// <exception cref="IdentityProviderUnavailableException">The endpoint could not be read, or refused the token, or answered no JSON object.</exception>
    Task<UserInfo?> ReadUserInfoAsync(string accessToken, CancellationToken cancellationToken);
}

/// <summary>What the token endpoint answered.</summary>
/// <param name="AccessToken">The access token, with which the userinfo endpoint is read; null when the provider sent none.</param>
public sealed record CodeRedemption(string IdToken, string? AccessToken)
{
    // Records print their members; these are bearer credentials.
    public override string ToString() => nameof(CodeRedemption);
}

/// <summary>The claims of a provider's userinfo answer that this application uses.</summary>
/// <param name="Subject">Its <c>sub</c>: it must be the ID token's (OpenID Connect Core 5.3.2); null when absent.</param>
/// <param name="EmailVerified">Whether the provider vouches for <paramref name="Email"/>, by its kind's rule (as for an ID token).</param>
public sealed record UserInfo(string? Subject, string? Email, bool EmailVerified, string? GivenName, string? FamilyName, string? PictureUrl);

/// <param name="RedirectUri">This application's callback for the provider.</param>
/// <param name="State">The value that names the sign-in under way.</param>
/// <param name="Nonce">The value the ID token must carry.</param>
/// <param name="CodeChallenge">The PKCE challenge (S256) of the verifier kept with the state.</param>
/// <param name="SelectAccount">
/// Ask the provider to let the person choose the account (<c>prompt=select_account</c>, or where its discovery
/// document does not list that, to sign in afresh: <c>prompt=login</c>) rather than approve silently with
/// whichever one its browser session holds: a link must add the account the person meant.
/// </param>
/// <param name="FreshSignIn">
/// Ask the provider to have the person sign in again even if its browser session is live (<c>max_age=0</c>, and
/// <c>prompt=login</c> unless its discovery document lists prompt values without it): a re-authentication proves
/// the person is here now.
/// </param>
public sealed record AuthorizationRequest(
    Uri RedirectUri, string State, string Nonce, string CodeChallenge, bool SelectAccount = false, bool FreshSignIn = false)
{
    public override string ToString() => nameof(AuthorizationRequest);
}
