using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Keeps cookies as a browser does. Unlike <see cref="CookieContainer"/> alone, it sends Secure cookies
/// to <c>http://localhost</c> and other loopback addresses, which browsers treat as secure origins;
/// outside Development the app's cookies are always Secure, also over plain HTTP on this machine.
/// </summary>
internal sealed class BrowserCookieHandler : DelegatingHandler
{
    private readonly CookieContainer _cookies = new();

    /// <summary>Puts a cookie in the jar as if a site had set it, for tests that plant one.</summary>
    public void Plant(Uri origin, Cookie cookie) => _cookies.Add(CookieOrigin(origin), cookie);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = CookieOrigin(request.RequestUri!);
        var cookieHeader = _cookies.GetCookieHeader(origin);
        if (!string.IsNullOrEmpty(cookieHeader))
        {
            request.Headers.Add("Cookie", cookieHeader);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                _cookies.SetCookies(origin, setCookie);
            }
        }

        return response;
    }

    /// <summary>The address the cookie jar files this request's cookies under: loopback HTTP counts as HTTPS.</summary>
    private static Uri CookieOrigin(Uri requestUri) =>
        requestUri.IsLoopback && requestUri.Scheme == Uri.UriSchemeHttp
            ? new UriBuilder(requestUri) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri
            : requestUri;
}
