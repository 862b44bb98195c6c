using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// Answers the key-set fetch for <see cref="DevelopmentSignIn.CertificatesUrl"/> from memory, so the
/// verifier gets the development key through its usual HTTP path without the app calling itself.
/// Any other URL goes to the network as usual.
/// </summary>
internal sealed class DevelopmentKeySetHandler(DevelopmentIdentityProvider provider) : DelegatingHandler
{
    private static readonly Uri CertificatesUri = new(DevelopmentSignIn.CertificatesUrl);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri != CertificatesUri)
        {
            return base.SendAsync(request, cancellationToken);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(provider.KeySetJson, Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
        response.Headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromHours(1) };
        return Task.FromResult(response);
    }
}
