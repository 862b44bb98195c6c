using System.Net;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Outside Development, cookies never depend on the scheme the app happens to see, HTTPS answers pin
/// the browser to HTTPS, and start-up refuses settings that would let a network attacker in.
/// </summary>
public sealed class TransportSecurityTests
{
    private const string Hsts = "Strict-Transport-Security";

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_over_plain_http_on_loopback_the_session_cookie_is_secure_and_host_prefixed_and_keeps_working(string environment)
    {
        await using var app = await GoogleLoginApp.StartAsync(environment);
        var browser = app.CreateBrowser(https: false);

        var signIn = await app.SignInAsync(browser, subject: "plain-http-user");

        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = signIn.SetCookie("__Host-gl-session");
        cookie.Should().NotBeNull("a TLS proxy the app was not told about must not downgrade the cookie");
        cookie.Should().ContainEquivalentOf("; secure").And.ContainEquivalentOf("httponly").And.ContainEquivalentOf("samesite=strict").And.ContainEquivalentOf("path=/");
        cookie.Should().NotContainEquivalentOf("domain=", "__Host- cookies are host-only");
        signIn.SetCookie("gl-session").Should().BeNull();

        // A browser sends it back to http://localhost, as to any secure origin.
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        var pair = cookie!.Split(';')[0];
        var other = app.CreateClient(new() { BaseAddress = new Uri("http://127.0.0.1"), HandleCookies = false });
        (await other.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { { "Cookie", pair } } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        // Only the name in force is read: the same value under the plain name is no session.
        await (await other.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { { "Cookie", pair.Replace("__Host-", string.Empty, StringComparison.Ordinal) } } }))
            .ShouldBeProblemAsync(401);

        var logout = await browser.LogoutAsync();
        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        logout.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("; secure").And.ContainEquivalentOf("expires=Thu, 01 Jan 1970");
        await (await browser.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Development_keeps_a_plain_cookie_over_plain_http_and_a_secure_host_prefixed_one_over_https()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development");

        var plain = await app.SignInAsync(app.CreateBrowser(https: false), subject: "dev-plain");
        var secure = await app.SignInAsync(app.CreateBrowser(https: true), subject: "dev-secure");

        plain.SetCookie("gl-session").Should().NotBeNull().And.NotContainEquivalentOf("secure");
        plain.SetCookie("__Host-gl-session").Should().BeNull();
        secure.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("; secure");
    }

    [Fact]
    public async Task Https_answers_carry_hsts_and_plain_http_answers_do_not()
    {
        await using var app = await GoogleLoginApp.StartAsync();

        var https = await app.CreateBrowser(https: true).GetAsync("/api/auth/config");
        var plain = await app.CreateBrowser(https: false).GetAsync("/api/auth/config");

        https.Headers.GetValues(Hsts).Should().Equal("max-age=31536000");
        plain.Headers.Contains(Hsts).Should().BeFalse();
    }

    [Fact]
    public async Task Behind_a_configured_proxy_forwarded_https_answers_carry_hsts_and_plain_http_ones_do_not()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("ReverseProxy:KnownProxies:0", "10.0.0.5"));
        var proxy = app.CreateClient(new() { HandleCookies = false });

        var https = await proxy.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/config")
        {
            Headers = { { "X-Forwarded-Proto", "https" }, { "X-Forwarded-For", "198.51.100.7" }, { ClientAddressFromTestHeader.HeaderName, "10.0.0.5" } },
        });
        var plain = await proxy.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/config")
        {
            Headers = { { "X-Forwarded-Proto", "http" }, { "X-Forwarded-For", "198.51.100.7" }, { ClientAddressFromTestHeader.HeaderName, "10.0.0.5" } },
        });

        https.StatusCode.Should().Be(HttpStatusCode.OK);
        https.Headers.GetValues(Hsts).Should().Equal("max-age=31536000");
        plain.Headers.Contains(Hsts).Should().BeFalse();
    }

    [Theory]
    [InlineData("Production", "http://keys.example/oauth2/v3/certs")]
    [InlineData("Staging", "http://10.1.2.3/certs")]
    public async Task Outside_development_a_key_set_over_plain_http_from_another_machine_stops_start_up(string environment, string certificatesUrl)
    {
        await using var app = await GoogleLoginApp.StartAsync(environment, ("Auth:Google:CertificatesUrl", certificatesUrl));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Auth:Google:CertificatesUrl*not https*");
        (await app.Database.ExistsAsync()).Should().BeFalse("configuration is checked before the database is touched");
    }

    [Theory]
    [InlineData("Production", "http://localhost:1/certs")]
    [InlineData("Production", "http://[::1]:1/certs")]
    [InlineData("Development", "http://keys.example/oauth2/v3/certs")]
    public async Task A_key_set_over_plain_http_is_allowed_from_this_machine_or_in_development(string environment, string certificatesUrl)
    {
        await using var app = await GoogleLoginApp.StartAsync(environment, ("Auth:Google:CertificatesUrl", certificatesUrl));

        (await app.CreateBrowser().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Staging", "TRUE")]
    public async Task Outside_development_trusting_every_proxy_stops_start_up_and_names_the_proxy_list(string environment, string enabled)
    {
        await using var app = await GoogleLoginApp.StartAsync(environment, ("FORWARDEDHEADERS_ENABLED", enabled));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ASPNETCORE_FORWARDEDHEADERS_ENABLED*ReverseProxy:KnownProxies*");
        (await app.Database.ExistsAsync()).Should().BeFalse("configuration is checked before the database is touched");
    }

    [Fact]
    public async Task Trusting_every_proxy_stops_start_up_in_development_while_development_sign_in_is_on()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("FORWARDEDHEADERS_ENABLED", "true"), ("Auth:Google:ClientIds:0", null));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ASPNETCORE_FORWARDEDHEADERS_ENABLED*development sign-in*ReverseProxy:KnownProxies*");
    }

    [Theory]
    [InlineData("Development", "true")]
    [InlineData("Production", "false")]
    public async Task Forwarded_headers_switch_is_allowed_in_development_or_when_off(string environment, string enabled)
    {
        await using var app = await GoogleLoginApp.StartAsync(environment, ("FORWARDEDHEADERS_ENABLED", enabled));

        (await app.CreateBrowser().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
