using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// The redirect sign-in's pre-login cookie: a random value that binds a started sign-in (its state and
/// nonce) to this browser, so a callback with a stolen or planted state fails anywhere else. SameSite=Lax,
/// not Strict: the provider sends the browser back with a cross-site top-level navigation, which carries
/// Lax cookies only. HttpOnly, and <c>__Host-</c> prefixed and Secure wherever the session cookie is.
/// </summary>
internal static class RedirectBindingCookie
{
    public const string PlainName = "gl-redirect-binding";

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieSecurity.Name(request.HttpContext, PlainName), out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Append(HttpResponse response, string binding) =>
        response.Cookies.Append(CookieSecurity.Name(response.HttpContext, PlainName), binding, new CookieOptions
        {
            HttpOnly = true,
            Secure = CookieSecurity.IsSecure(response.HttpContext),
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = AuthorizationState.Lifetime,
            IsEssential = true,
        });
}
