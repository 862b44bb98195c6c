using Mediator;

namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

/// <summary>Exchange an identity provider's ID token for a new server-side session.</summary>
/// <param name="Provider">Which configured identity provider issued the token, such as <c>google</c>.</param>
/// <param name="IdToken">The ID token (a signed JWT) as the browser received it.</param>
/// <param name="Nonce">The nonce the browser gave the provider, if any; the token must carry the same.</param>
/// <param name="NonceBinding">The binding value of the browser's pre-login cookie: the token's nonce must have been issued to it.</param>
/// <param name="PresentedSessionToken">The session cookie the browser sent, if any: that session ends when the new one begins.</param>
/// <param name="UserAgent">The browser's User-Agent, kept to help the user recognise the session.</param>
/// <param name="IpAddress">The client address, kept for the same reason.</param>
/// <param name="PresentedSessionHash">
/// Instead of <paramref name="PresentedSessionToken"/>, the hash of the session the browser held: a redirect
/// sign-in keeps it from its start, since the session cookie does not come along on the provider's return.
/// </param>
/// <param name="AccessToken">
/// A redirect sign-in's access token, with which the provider's userinfo fills what the ID token lacks
/// (<see cref="RedirectSignIn.RedirectUserInfo"/>); an ID token posted by the page comes with none.
/// </param>
/// <param name="ReauthenticatingSessionId">
/// To sign in again in place (<see cref="Reauthenticate.ReauthenticateCommand"/>): the live session to renew. The
/// account must be one of its user's logins; the new session replaces it, and nothing else is signed out.
/// </param>
/// <param name="SignedInSince">
/// When set (a redirect re-authentication's start), the token's <c>auth_time</c> must be no earlier, within the
/// provider's clock tolerance: the provider was asked for a fresh sign-in, and this checks it did one.
/// </param>
public sealed record ValidateTokenAndObtainSessionCommand(
    string Provider,
    string IdToken,
    string? Nonce,
    string? NonceBinding,
    string? PresentedSessionToken,
    string? UserAgent,
    string? IpAddress,
    byte[]? PresentedSessionHash = null,
    string? AccessToken = null,
    Guid? ReauthenticatingSessionId = null,
    DateTimeOffset? SignedInSince = null) : ICommand<SessionIssued>
{
    // Records print their members; this one holds bearer credentials.
    public override string ToString() => $"{nameof(ValidateTokenAndObtainSessionCommand)} {{ Provider = {Provider} }}";
}
