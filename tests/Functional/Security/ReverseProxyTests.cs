using System.Net;
using System.Net.Http.Json;

namespace GoogleLogin.Tests.Functional;

/// <summary>X-Forwarded-* headers count only when they come from a configured proxy.</summary>
public sealed class ReverseProxyTests
{
    private const string ForwardedClient = "198.51.100.23";

    private static HttpRequestMessage SignInRequest(string idToken, string? nonce, string clientAddress, string forwardedFor) => new(HttpMethod.Post, "/api/auth/google")
    {
        Content = JsonContent.Create(new { idToken, nonce }),
        Headers =
        {
            { "X-CSRF", "1" },
            { "X-Forwarded-Proto", "https" },
            { "X-Forwarded-For", forwardedFor },
            { ClientAddressFromTestHeader.HeaderName, clientAddress },
        },
    };

    private static async Task<HttpResponseMessage> SignInThroughAsync(GoogleLoginApp app, string clientAddress)
    {
        // Both requests take the same path, so the pre-login cookie has the name the sign-in looks for.
        var client = app.CreateClient(new() { HandleCookies = false });
        var nonceRequest = SignInRequest("unused", null, clientAddress, ForwardedClient);
        nonceRequest.RequestUri = new Uri("/api/auth/nonce", UriKind.Relative);
        nonceRequest.Content = null;
        var issued = await client.SendAsync(nonceRequest);
        issued.StatusCode.Should().Be(HttpStatusCode.OK);
        var nonce = (await issued.ReadJsonAsync()).GetProperty("nonce").GetString()!;
        var binding = (issued.SetCookie("__Host-gl-nonce-binding") ?? issued.SetCookie("gl-nonce-binding"))!.Split(';')[0];

        var signIn = SignInRequest(app.SignGoogleToken(subject: "proxy-user", nonce: nonce), nonce, clientAddress, ForwardedClient);
        signIn.Headers.Add("Cookie", binding);
        return await client.SendAsync(signIn);
    }

    /// <summary>The client address the app recorded for the session this sign-in opened, as GET /api/auth/sessions shows it.</summary>
    private static async Task<string?> RecordedAddressAsync(GoogleLoginApp app, HttpResponseMessage signIn)
    {
        var setCookie = signIn.SetCookie("__Host-gl-session");
        setCookie.Should().NotBeNull();
        var client = app.CreateClient(new() { HandleCookies = false });
        var sessions = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/sessions") { Headers = { { "Cookie", setCookie!.Split(';')[0] } } });
        sessions.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await sessions.ReadJsonAsync()).EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("ipAddress").GetString();
    }

    [Fact]
    public async Task With_no_proxy_configured_forwarded_headers_are_ignored()
    {
        await using var app = await GoogleLoginApp.StartAsync();

        var response = await SignInThroughAsync(app, "192.0.2.44");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse("a client cannot claim HTTPS by sending a header");
        (await RecordedAddressAsync(app, response)).Should().Be("192.0.2.44", "a client cannot claim another address by sending a header");
    }

    [Fact]
    public async Task From_a_configured_proxy_https_is_believed_and_the_client_address_is_kept()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("ReverseProxy:KnownProxies:0", "10.0.0.5"));

        var response = await SignInThroughAsync(app, "10.0.0.5");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=31536000");
        (await RecordedAddressAsync(app, response)).Should().Be(ForwardedClient);
    }

    [Fact]
    public async Task From_any_other_address_the_same_headers_are_ignored()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("ReverseProxy:KnownNetworks:0", "10.0.0.0/24"));

        var response = await SignInThroughAsync(app, "192.0.2.44");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        (await RecordedAddressAsync(app, response)).Should().Be("192.0.2.44");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Once_a_proxy_is_configured_loopback_is_no_longer_trusted(string loopback)
    {
        // ASP.NET Core believes loopback by default; a configured list replaces that default.
        await using var app = await GoogleLoginApp.StartAsync("Production", ("ReverseProxy:KnownProxies:0", "10.0.0.5"));

        var response = await SignInThroughAsync(app, loopback);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        (await RecordedAddressAsync(app, response)).Should().Be(loopback);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.0/24")]
    public async Task Forged_forwarded_addresses_from_an_untrusted_client_all_count_against_its_own_rate_limit(string? proxyNetwork)
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("ReverseProxy:KnownNetworks:0", proxyNetwork),
            ("RateLimiting:SignIn:Burst", "2"),
            ("RateLimiting:SignIn:PerMinute", "1"));
        var client = app.CreateBrowser();

        // Each attempt claims to come from somewhere new; all come from 192.0.2.44.
        var statuses = new List<HttpStatusCode>();
        foreach (var forged in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" })
        {
            statuses.Add((await client.SendAsync(SignInRequest("not-a-token", null, "192.0.2.44", forged))).StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
        app.Logs.Lines.Should().ContainSingle(l => l.Contains("Rate limit reached", StringComparison.Ordinal))
            .Which.Should().Contain("by \"192.0.2.44\"");
        // Another client still has its own allowance.
        (await client.SendAsync(SignInRequest("not-a-token", null, "192.0.2.45", "198.51.100.3"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_rate_limit()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("ReverseProxy:KnownProxies:0", "10.0.0.5"),
            ("RateLimiting:SignIn:Burst", "2"),
            ("RateLimiting:SignIn:PerMinute", "1"));
        var proxy = app.CreateBrowser();

        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.3", "198.51.100.3" })
        {
            statuses.Add((await proxy.SendAsync(SignInRequest("not-a-token", null, "10.0.0.5", client))).StatusCode);
        }

        statuses.Should().Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 4).Append(HttpStatusCode.TooManyRequests));
        app.Logs.Lines.Should().ContainSingle(l => l.Contains("Rate limit reached", StringComparison.Ordinal))
            .Which.Should().Contain("by \"198.51.100.3\"");
    }
}
