using System.Net;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Another site's page pointing images (or scripts, or frames) at the redirect sign-in's start and callback: refused
/// before the rate limiter, so the visitor's allowances stay whole.
/// </summary>
public sealed class CrossSiteNavigationTests
{
    private static HttpRequestMessage Image(string path) => new(HttpMethod.Get, path)
    {
        Headers = { { "Sec-Fetch-Site", "cross-site" }, { "Sec-Fetch-Mode", "no-cors" }, { "Sec-Fetch-Dest", "image" } },
    };

    [Fact]
    public async Task Another_site_s_images_of_start_and_callback_cost_no_allowance()
    {
        using var key = new TestSigningKey();
        await using var server = await OpenIdConnectTestServer.StartAsync();
        server.Publish(key.ToJwk());
        server.TokenSigningKey = key;
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Hosting:PublicOrigin", "http://localhost"),
            ("Auth:Providers:acme:Authority", server.Authority("acme")),
            ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:acme:ClientSecret", server.ClientSecret),
            ("RateLimiting:SignIn:Burst", "2"),
            ("RateLimiting:SignIn:PerMinute", "1"),
            ("RateLimiting:Callback:Burst", "2"),
            ("RateLimiting:Callback:PerMinute", "1"),
            ("RateLimiting:Nonce:Burst", "3"),
            ("RateLimiting:Nonce:PerMinute", "1"));
        var browser = app.CreateBrowser();

        // A page with 31 images of each.
        for (var i = 0; i < 31; i++)
        {
            foreach (var path in new[] { "/api/auth/acme/start", "/api/auth/acme/callback?code=c&state=s" })
            {
                var image = await browser.SendAsync(Image(path));
                image.StatusCode.Should().Be(HttpStatusCode.Redirect);
                image.Headers.Location!.OriginalString.Should().Be("/?signInError=cross_site_start");
            }
        }

        // The visitor's own Google sign-in, and a redirect sign-in through start and callback, still go through.
        (await app.SignInAsync(browser, subject: "after-the-images")).StatusCode.Should().Be(HttpStatusCode.OK);
        var start = await browser.GetAsync("/api/auth/acme/start?returnUrl=%2Faccount");
        start.Headers.Location!.GetLeftPart(UriPartial.Path).Should().Be($"{server.Authority("acme")}/authorize");
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await provider.GetAsync(start.Headers.Location)).Headers.Location!;
        (await browser.GetAsync(callback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/account");
    }

    [Theory]
    [InlineData("/api/auth/acme/start", "same-origin", "cors", "empty")]
    [InlineData("/api/auth/acme/start", "same-origin", "navigate", "iframe")]
    [InlineData("/api/auth/acme/start", "same-site", "navigate", "document")]
    [InlineData("/api/auth/acme/callback?code=c&state=s", "cross-site", "no-cors", "script")]
    [InlineData("/api/auth/acme/callback?code=c&state=s", "cross-site", "navigate", "iframe")]
    [InlineData("/api/auth/acme/callback?code=c&state=s", null, "cors", null)]
    public async Task What_is_no_top_level_navigation_of_this_site_is_refused(string path, string? site, string? mode, string? dest)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in new[] { ("Sec-Fetch-Site", site), ("Sec-Fetch-Mode", mode), ("Sec-Fetch-Dest", dest) })
        {
            if (value is not null)
            {
                request.Headers.Add(name, value);
            }
        }

        var response = await app.CreateBrowser().SendAsync(request);

        response.Headers.Location!.OriginalString.Should().Be("/?signInError=cross_site_start");
    }
}
