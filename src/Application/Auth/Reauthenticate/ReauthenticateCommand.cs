using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using Mediator;

namespace GoogleLogin.Application.Auth.Reauthenticate;

/// <summary>
/// Sign in again in place ("sudo mode"), by an ID token the page got from the provider: the session is renewed (a
/// new one replaces it, so it counts as a recent sign-in), and only as its own user. Nothing else is signed out.
/// A redirect provider's re-authentication starts with <c>StartRedirectSignIn</c> and its callback renews the same way.
/// </summary>
/// <param name="SessionId">The session asking: the one renewed, whose user the account must sign in to.</param>
/// <param name="NonceBinding">The binding value of the browser's pre-login cookie.</param>
/// <param name="UserAgent">The browser's User-Agent, kept with the new session.</param>
/// <param name="IpAddress">The client address, kept with the new session.</param>
public sealed record ReauthenticateCommand(
    Guid SessionId,
    string Provider,
    string IdToken,
    string? Nonce,
    string? NonceBinding,
    string? UserAgent,
    string? IpAddress) : ICommand<SessionIssued>
{
    // Records print their members; this one holds a bearer credential.
    public override string ToString() => $"{nameof(ReauthenticateCommand)} {{ Provider = {Provider} }}";
}
