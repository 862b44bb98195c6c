namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// The browser's handle on its server-side session. HttpOnly so scripts cannot read it, SameSite=Strict
/// so other sites cannot send it, and wherever <see cref="CookieSecurity"/> says so the <c>__Host-</c>
/// prefix, which makes browsers refuse it unless it is Secure, host-only and for the whole site.
/// </summary>
internal static class SessionCookie
{
    public const string PlainName = "gl-session";

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieSecurity.Name(request.HttpContext, PlainName), out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Append(HttpResponse response, string sessionToken, DateTimeOffset expiresAt) =>
        response.Cookies.Append(CookieSecurity.Name(response.HttpContext, PlainName), sessionToken, Options(response.HttpContext, expiresAt));

    public static void Delete(HttpResponse response) =>
        response.Cookies.Delete(CookieSecurity.Name(response.HttpContext, PlainName), Options(response.HttpContext, expiresAt: null));

    /// <summary>After a request whose cookie named no live session: stops the browser from sending it again.</summary>
    public static void DeleteIfSent(HttpContext context)
    {
        if (Read(context.Request) is not null)
        {
            Delete(context.Response);
        }
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = CookieSecurity.IsSecure(context),
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
