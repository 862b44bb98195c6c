namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// The browser's handle on its server-side session. HttpOnly so scripts cannot read it, SameSite=Strict
/// so other sites cannot send it, and under HTTPS the <c>__Host-</c> prefix, which makes browsers
/// refuse it unless it is Secure, host-only and for the whole site.
/// </summary>
internal static class SessionCookie
{
    public const string SecureName = "__Host-gl-session";
    public const string PlainName = "gl-session";

    public static string NameFor(HttpRequest request) => request.IsHttps ? SecureName : PlainName;

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(NameFor(request), out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Append(HttpResponse response, string sessionToken, DateTimeOffset expiresAt) =>
        response.Cookies.Append(NameFor(response.HttpContext.Request), sessionToken, Options(response.HttpContext.Request, expiresAt));

    public static void Delete(HttpResponse response) =>
        response.Cookies.Delete(NameFor(response.HttpContext.Request), Options(response.HttpContext.Request, expiresAt: null));

    private static CookieOptions Options(HttpRequest request, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
