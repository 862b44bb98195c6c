using System.Net;
using System.Text;
using Google.Apis.Http;

namespace GoogleLogin.Infrastructure.Identity.Google;

/// <summary>
/// Answers Google.Apis.Auth's key set request from memory with a key set that
/// <see cref="Keys.JsonWebKeySetCache"/> already fetched, so verification makes no network call.
/// </summary>
internal sealed class CachedKeySetHttpClientFactory(string keySetJson) : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new KeySetHandler(keySetJson);

    private sealed class KeySetHandler(string keySetJson) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(keySetJson, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
    }
}
