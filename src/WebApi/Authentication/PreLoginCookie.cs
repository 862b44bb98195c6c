using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// A pre-login cookie: a random value that binds what a browser started before it has a session to that
/// browser, so that what it started fails anywhere else. HttpOnly, and named and secured by the session
/// cookie's rule (<see cref="CookieSecurity"/>): <c>__Host-</c> prefixed and Secure exactly where it is.
/// </summary>
internal sealed class PreLoginCookie(string plainName, SameSiteMode sameSite, TimeSpan lifetime)
{
    /// <summary>
    /// Binds the sign-in nonces this browser asked for. SameSite=Strict like the session cookie; it lives as
    /// long as a nonce, and each nonce request renews it with the same value, so every tab shares it.
    /// </summary>
    public static readonly PreLoginCookie NonceBinding = new("gl-nonce-binding", SameSiteMode.Strict, SignInNonce.Lifetime);

    /// <summary>
    /// Binds a started redirect sign-in (its state and nonce). SameSite=Lax, not Strict: the provider sends
    /// the browser back with a cross-site top-level navigation, which carries Lax cookies only.
    /// </summary>
    public static readonly PreLoginCookie RedirectBinding = new("gl-redirect-binding", SameSiteMode.Lax, AuthorizationState.Lifetime);

    public string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieSecurity.Name(request.HttpContext, plainName), out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public void Append(HttpResponse response, string binding) =>
        response.Cookies.Append(CookieSecurity.Name(response.HttpContext, plainName), binding, new CookieOptions
        {
            HttpOnly = true,
            Secure = CookieSecurity.IsSecure(response.HttpContext),
            SameSite = sameSite,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
}
