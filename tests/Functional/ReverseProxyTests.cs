using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>X-Forwarded-* headers count only when they come from a configured proxy.</summary>
public sealed class ReverseProxyTests
{
    private static async Task<HttpResponseMessage> SignInThroughAsync(GoogleLoginApp app, string clientAddress)
    {
        var nonce = await app.CreateBrowser().GetNonceAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { idToken = app.SignGoogleToken(subject: "proxy-user", nonce: nonce), nonce }),
            Headers =
            {
                { "X-CSRF", "1" },
                { "X-Forwarded-Proto", "https" },
                { "X-Forwarded-For", "198.51.100.23" },
                { ClientAddressFromTestHeader.HeaderName, clientAddress },
            },
        };
        return await app.CreateBrowser().SendAsync(request);
    }

    [Fact]
    public async Task With_no_proxy_configured_forwarded_headers_are_ignored()
    {
        await using var app = await GoogleLoginApp.StartAsync();

        var response = await SignInThroughAsync(app, "127.0.0.1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.SetCookie("__Host-gl-session").Should().BeNull("a client cannot claim HTTPS by sending a header");
        response.SetCookie("gl-session").Should().NotContainEquivalentOf("secure");
    }

    [Fact]
    public async Task From_a_configured_proxy_https_gets_the_secure_host_prefixed_cookie_and_the_client_address_is_kept()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("ReverseProxy:KnownProxies:0", "10.0.0.5"));

        var response = await SignInThroughAsync(app, "10.0.0.5");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = response.SetCookie("__Host-gl-session");
        cookie.Should().ContainEquivalentOf("secure");
        var me = app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        var sessions = new HttpRequestMessage(HttpMethod.Get, "/api/auth/sessions");
        sessions.Headers.Add("Cookie", cookie!.Split(';')[0]);
        var list = await (await me.SendAsync(sessions)).ReadJsonAsync();
        list.EnumerateArray().Single().GetProperty("ipAddress").GetString().Should().Be("198.51.100.23");
    }

    [Fact]
    public async Task From_any_other_address_the_same_headers_are_ignored()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("ReverseProxy:KnownNetworks:0", "10.0.0.0/24"));

        var response = await SignInThroughAsync(app, "192.0.2.44");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.SetCookie("__Host-gl-session").Should().BeNull();
    }
}
