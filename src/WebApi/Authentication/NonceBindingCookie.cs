using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// The pre-login cookie: a random value that binds the sign-in nonces this browser asked for to this
/// browser. HttpOnly and SameSite=Strict like the session cookie, and named and secured by the same rule
/// (<see cref="CookieSecurity"/>), so it is <c>__Host-</c> prefixed and Secure exactly where the session
/// cookie is. It lives as long as a nonce, and each nonce request renews it with the same value, so every
/// tab of the browser shares it.
/// </summary>
internal static class NonceBindingCookie
{
    public const string PlainName = "gl-nonce-binding";

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieSecurity.Name(request.HttpContext, PlainName), out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Append(HttpResponse response, string binding) =>
        response.Cookies.Append(CookieSecurity.Name(response.HttpContext, PlainName), binding, new CookieOptions
        {
            HttpOnly = true,
            Secure = CookieSecurity.IsSecure(response.HttpContext),
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = SignInNonce.Lifetime,
            IsEssential = true,
        });
}
