using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The development identity provider mints a token for anyone; it answers only this machine, addressed
/// by a loopback name. A web page that rebinds its own name to 127.0.0.1 sends its own name as Host.
/// </summary>
public sealed class DevelopmentSignInLoopbackTests
{
    private static Task<GoogleLoginApp> StartDevelopmentSignInAsync() =>
        GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));

    /// <summary>
    /// Each development identity endpoint, asked as the SPA asks it (the authorization page for a code), and the token endpoint once more
    /// with a body that is not JSON, from <paramref name="clientAddress"/> to <paramref name="host"/>.
    /// </summary>
    private static async Task<List<HttpResponseMessage>> AskEveryEndpointAsync(GoogleLoginApp app, string host, string clientAddress, (string Name, string Value)? header = null)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri($"http://{host}"), HandleCookies = false });
        HttpRequestMessage Request(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path) { Headers = { { ClientAddressFromTestHeader.HeaderName, clientAddress } } };
            if (header is var (name, value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        }

        var mint = Request(HttpMethod.Post, "/api/dev-identity/token");
        mint.Headers.Add("X-CSRF", "1");
        mint.Content = JsonContent.Create(new { accountId = "ada", nonce = "n" });
        var authorize = Request(HttpMethod.Post, "/api/dev-identity/authorize");
        authorize.Headers.Add("X-CSRF", "1");
        authorize.Content = JsonContent.Create(DevelopmentRedirectSignInTests.AuthorizationRequest(accountId: "ada"));
        var junk = Request(HttpMethod.Post, "/api/dev-identity/token");
        junk.Headers.Add("X-CSRF", "1");
        junk.Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        return
        [
            await client.SendAsync(Request(HttpMethod.Get, "/api/dev-identity/accounts")),
            await client.SendAsync(mint),
            await client.SendAsync(junk),
            await client.SendAsync(Request(HttpMethod.Get, "/api/dev-identity/certs")),
            await client.SendAsync(authorize),
        ];
    }

    [Theory]
    [InlineData("rebound.attacker.example")]
    [InlineData("localhost.attacker.example:5080")]
    [InlineData("192.168.1.20:5080")]
    public async Task A_foreign_host_name_gets_404_from_every_endpoint_even_from_this_machine(string host)
    {
        await using var app = await StartDevelopmentSignInAsync();

        foreach (var response in await AskEveryEndpointAsync(app, host, "127.0.0.1"))
        {
            await response.ShouldBeProblemAsync(404);
        }
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:192.168.1.20")]
    [InlineData("2001:db8::20")]
    public async Task Another_machine_gets_404_from_every_endpoint_even_naming_localhost(string clientAddress)
    {
        await using var app = await StartDevelopmentSignInAsync();

        foreach (var response in await AskEveryEndpointAsync(app, "localhost:5080", clientAddress))
        {
            await response.ShouldBeProblemAsync(404);
        }
    }

    [Theory]
    [InlineData("localhost:5080", "127.0.0.1")]
    [InlineData("LOCALHOST", "::1")]
    [InlineData("127.0.0.1:5080", "::ffff:127.0.0.1")]
    [InlineData("[::1]:5080", "::1")]
    public async Task This_machine_by_a_loopback_name_gets_answers(string host, string clientAddress)
    {
        await using var app = await StartDevelopmentSignInAsync();

        var responses = await AskEveryEndpointAsync(app, host, clientAddress);

        responses.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "192.168.1.20")]
    [InlineData("X-Forwarded-For", "::ffff:192.168.1.20")]
    [InlineData("X-Forwarded-For", "127.0.0.1, 192.168.1.20")]
    [InlineData("Forwarded", "for=192.168.1.20;proto=http")]
    [InlineData("Forwarded", "for=\"[2001:db8::20]:5173\"")]
    [InlineData("Forwarded", "for=unknown")]
    [InlineData("Via", "1.1 vite")]
    public async Task A_loopback_proxy_relaying_another_machine_gets_404_from_every_endpoint(string header, string value)
    {
        await using var app = await StartDevelopmentSignInAsync();

        foreach (var response in await AskEveryEndpointAsync(app, "localhost:5173", "127.0.0.1", (header, value)))
        {
            await response.ShouldBeProblemAsync(404);
        }
    }

    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("X-Forwarded-For", "::1")]
    [InlineData("X-Forwarded-For", "::ffff:127.0.0.1")]
    [InlineData("Forwarded", "for=\"[::1]:51000\"")]
    public async Task A_loopback_proxy_relaying_this_machine_gets_answers(string header, string value)
    {
        await using var app = await StartDevelopmentSignInAsync();

        var responses = await AskEveryEndpointAsync(app, "localhost:5173", "127.0.0.1", (header, value));

        responses.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080")]
    [InlineData("urls", "http://localhost:5080;http://*:5081")]
    [InlineData("urls", "http://[::]:5080")]
    [InlineData("urls", "http://192.168.1.20:5080")]
    [InlineData("http_ports", "5080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://+:5080")]
    public async Task Development_sign_in_does_not_start_listening_beyond_this_machine(string key, string value)
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null), (key, value));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage($"*Development sign-in*listens on*which other machines can reach*");
    }

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5080")]
    public async Task Development_sign_in_starts_listening_on_loopback(string urls)
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null), ("urls", urls));

        (await app.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
