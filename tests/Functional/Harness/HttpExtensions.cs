using System.Net.Http.Json;
using System.Text.Json;
using GoogleLogin.WebApi.ErrorHandling;

namespace GoogleLogin.Tests.Functional;

internal static class HttpExtensions
{
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string idToken, string? nonce = null, string provider = "google") =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/auth/{provider}")
        {
            Content = JsonContent.Create(new { idToken, nonce }),
            Headers = { { "X-CSRF", "1" } },
        });

    /// <summary>
    /// A fresh nonce from <c>POST /api/auth/nonce</c>, bound to this client: a browser keeps the
    /// pre-login cookie the answer sets, and only a sign-in carrying it can use the nonce.
    /// </summary>
    public static async Task<string> GetNonceAsync(this HttpClient client)
    {
        var response = await client.RequestNonceAsync();
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("nonce").GetString()!;
    }

    /// <summary><c>POST /api/auth/nonce</c> as the SPA sends it, with the CSRF header and no body.</summary>
    public static Task<HttpResponseMessage> RequestNonceAsync(this HttpClient client) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/nonce") { Headers = { { "X-CSRF", "1" } } });

    public static Task<HttpResponseMessage> LogoutAsync(this HttpClient client) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Headers = { { "X-CSRF", "1" } } });

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>
    /// Asserts a ProblemDetails response with the status and a code of the catalogue (<paramref name="code"/>
    /// when given), and returns its body.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, int status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, body);
        response.Content.Headers.ContentType.Should().NotBeNull(body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.Should().NotContain("   at ", "no stack trace reaches a client");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        // The trace id the server's log lines carry (W3C when tracing is on, else the request id).
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrWhiteSpace();
        // Every refusal names itself by a stable code, the one clients key their messages by.
        problem.GetProperty("code").GetString().Should().BeOneOf(ErrorCatalogue.Codes.Select(c => c.Name()));
        if (code is not null)
        {
            problem.GetProperty("code").GetString().Should().Be(code);
        }

        return problem;
    }

    public static string? SetCookie(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.SingleOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;
}
