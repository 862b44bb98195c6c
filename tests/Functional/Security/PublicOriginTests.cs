using System.Net;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// <c>Hosting:PublicOrigin</c>: the redirect URI and the CSRF Origin check come from it, never from the <c>Host</c>
/// a client sends, and a request naming another host is refused.
/// </summary>
public sealed class PublicOriginTests : IAsyncLifetime
{
    private const string Origin = "https://login.example.com";

    private readonly TestSigningKey _key = new();
    private OpenIdConnectTestServer _server = null!;
    private GoogleLoginApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenIdConnectTestServer.StartAsync();
        _server.Publish(_key.ToJwk());
        _server.TokenSigningKey = _key;
        _app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Hosting:PublicOrigin", Origin),
            ("Auth:Providers:acme:Authority", _server.Authority("acme")),
            ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:acme:ClientSecret", _server.ClientSecret));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _key.Dispose();
    }

    /// <summary>A browser at the public origin (behind its TLS proxy the app sees plain HTTP), or naming <paramref name="host"/>.</summary>
    private HttpClient Browser(string host = "login.example.com")
    {
        var browser = _app.CreateBrowser();
        browser.DefaultRequestHeaders.Host = host;
        return browser;
    }

    [Fact]
    public async Task A_forged_host_never_reaches_a_location_and_gets_400()
    {
        var start = await Browser().GetAsync("/api/auth/acme/start");
        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        start.Headers.Location!.Query.Should().Contain("redirect_uri=https%3A%2F%2Flogin.example.com%2Fapi%2Fauth%2Facme%2Fcallback");

        foreach (var path in new[] { "/api/auth/acme/start", "/api/auth/acme/callback?code=c&state=s", "/api/auth/config", "/" })
        {
            var forged = await Browser("evil.example").GetAsync(path);

            forged.Headers.Location.Should().BeNull();
            (await forged.ShouldBeProblemAsync(400, "unknown_host")).ToString().Should().NotContain("evil.example");
        }

        (await Browser("login.example.com:8443").GetAsync("/api/auth/acme/start")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Browser("evil.example").GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "load balancers probe instances by their own addresses");
    }

    [Fact]
    public async Task The_origin_check_compares_with_the_public_origin()
    {
        foreach (var (origin, status) in new[] { (Origin, HttpStatusCode.OK), ("http://login.example.com", HttpStatusCode.Forbidden), ("https://evil.example", HttpStatusCode.Forbidden) })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/nonce") { Headers = { { "X-CSRF", "1" }, { "Origin", origin } } };

            (await Browser().SendAsync(request)).StatusCode.Should().Be(status, origin);
        }
    }

    [Fact]
    public async Task Outside_development_a_redirect_provider_without_a_public_origin_stops_start_up()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Auth:Providers:acme:Authority", "https://login.example.com"),
            ("Auth:Providers:acme:ClientIds:0", "client"),
            ("Auth:Providers:acme:ClientSecret", "secret"));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Hosting:PublicOrigin*");
        (await app.Database.ExistsAsync()).Should().BeFalse("configuration is checked before the database is touched");
    }

    [Theory]
    [InlineData("login.example.com")]
    [InlineData("ftp://login.example.com")]
    [InlineData("https://login.example.com/app")]
    [InlineData("https://login.example.com/?next=1")]
    [InlineData("https://user@login.example.com")]
    [InlineData("")]
    public async Task A_public_origin_that_is_no_origin_stops_start_up(string value)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Hosting:PublicOrigin", value));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Hosting:PublicOrigin must be an absolute http or https origin*");
    }
}
