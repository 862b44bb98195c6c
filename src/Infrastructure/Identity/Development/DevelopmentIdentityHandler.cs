using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// Answers, from memory, what the app's own HTTP clients ask the development identity provider: its key
/// set, its discovery document and its token endpoint. The verifiers and the code exchange then take
/// their usual HTTP paths, without the app calling itself. Any other URL goes to the network as usual.
/// </summary>
internal sealed class DevelopmentIdentityHandler(DevelopmentIdentityProvider provider, DevelopmentAuthorizationServer authorizationServer) : DelegatingHandler
{
    private static readonly Uri CertificatesUri = new(DevelopmentSignIn.CertificatesUrl);
    private static readonly Uri DiscoveryUri = new(DevelopmentAuthorizationServer.DiscoveryUrl);
    private static readonly Uri TokenUri = new(DevelopmentAuthorizationServer.TokenUrl);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri == CertificatesUri && request.Method == HttpMethod.Get)
        {
            return Json(request, HttpStatusCode.OK, provider.KeySetJson, TimeSpan.FromHours(1));
        }

        if (request.RequestUri == DiscoveryUri && request.Method == HttpMethod.Get)
        {
            return Json(request, HttpStatusCode.OK, DevelopmentAuthorizationServer.DiscoveryDocumentJson, TimeSpan.FromHours(1));
        }

        if (request.RequestUri == TokenUri && request.Method == HttpMethod.Post)
        {
            var form = request.Content is null
                ? new Dictionary<string, string>()
                : ParseForm(await request.Content.ReadAsStringAsync(cancellationToken));
            var credentials = request.Headers.Authorization is { Scheme: "Basic" } basic ? basic.Parameter : null;
            var answer = authorizationServer.Redeem(form, credentials);
            return Json(request, answer.Status, answer.Json, maxAge: null);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            form.TryAdd(Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : string.Empty);
        }

        return form;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static HttpResponseMessage Json(HttpRequestMessage request, HttpStatusCode status, string json, TimeSpan? maxAge)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
        // Token answers are never stored (RFC 6749, 5.1); the key set and discovery document may be, for an hour.
        response.Headers.CacheControl = maxAge is { } age
            ? new CacheControlHeaderValue { Public = true, MaxAge = age }
            : new CacheControlHeaderValue { NoStore = true };
        return response;
    }
}
