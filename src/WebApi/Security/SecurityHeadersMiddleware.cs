namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Response headers that limit what a page of this app may load and who may embed it. The
/// Content-Security-Policy allows this origin plus exactly what Google Identity Services needs
/// (its script, button iframe, styles and credential endpoint) and Google's avatar host. HTTPS
/// answers also tell the browser to use nothing but HTTPS for this host for a year (HSTS).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self' https://accounts.google.com/gsi/client; " +
        "style-src 'self' https://accounts.google.com/gsi/style; " +
        "frame-src https://accounts.google.com/gsi/; " +
        "connect-src 'self' https://accounts.google.com/gsi/; " +
        "img-src 'self' data: https://*.googleusercontent.com; " +
        "font-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts: the exception handler clears headers before writing an error,
        // and error responses need these as much as pages do.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // Google Identity Services needs the origin in the Referer; nothing more leaves the site.
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // Lets Google's sign-in popup talk back to this page while keeping other windows out.
            headers["Cross-Origin-Opener-Policy"] = "same-origin-allow-popups";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // HTTPS as the app sees it: directly, or through a configured proxy's X-Forwarded-Proto.
            // Browsers ignore the header over plain HTTP (RFC 6797), so it is not sent there.
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            // API answers are about one user, or single-use: no shared or browser cache may keep them.
            if (context.Request.Path.StartsWithSegments("/api") && string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
