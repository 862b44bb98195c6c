namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// Whether this app's cookies are <c>Secure</c> and <c>__Host-</c> prefixed. Outside Development they
/// always are, whatever scheme the app sees: behind a TLS proxy that is not configured the app sees
/// plain HTTP, and must not downgrade its cookies for it. Browsers accept such cookies from
/// <c>http://localhost</c> and <c>http://127.0.0.1</c>, so local runs keep working. Development keeps
/// them plain over plain HTTP.
/// </summary>
internal static class CookieSecurity
{
    public const string HostPrefix = "__Host-";

    public static bool IsSecure(HttpContext context) =>
        context.Request.IsHttps || !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();

    /// <summary>The cookie's name in force for this request: prefixed exactly when it is Secure.</summary>
    public static string Name(HttpContext context, string plainName) => IsSecure(context) ? HostPrefix + plainName : plainName;
}
