using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.ErrorHandling;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Refuses state-changing API requests that a browser would only send at this app's own request.
/// A custom header cannot be added to a cross-site form post or simple request without a CORS
/// preflight, which this app never grants; the Origin check stops the rest.
/// </summary>
internal sealed class CsrfProtectionMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-CSRF";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (Protects(request.Method, request.Path))
        {
            if (request.Headers[HeaderName] != "1")
            {
                await RefuseAsync(context, $"State-changing requests must carry the header '{HeaderName}: 1'.");
                return;
            }

            if (request.Headers.Origin is [{ } origin] && !IsOwnOrigin(request, origin))
            {
                await RefuseAsync(context, "Cross-origin requests are not accepted.");
                return;
            }

            if (request.Headers.Origin.Count > 1)
            {
                await RefuseAsync(context, "Cross-origin requests are not accepted.");
                return;
            }
        }

        await next(context);
    }

    /// <summary>Whether a request with this method and path must pass the checks: state-changing API calls.</summary>
    public static bool Protects(string method, PathString path) =>
        (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)) &&
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static bool IsOwnOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, PublicOrigin.Of(request), StringComparison.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext context, string detail) =>
        context.WriteProblemAsync(ErrorCode.CsrfRejected, detail);
}
