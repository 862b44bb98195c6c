using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>WebApi serves the built React app; API paths never turn into the HTML page.</summary>
public sealed class SpaHostingTests : IAsyncLifetime
{
    private const string IndexHtml = "<!doctype html><html><body><div id=\"root\"></div><script type=\"module\" src=\"/assets/app-3f2a.js\"></script></body></html>";
    private readonly string _webRoot = Directory.CreateTempSubdirectory("googlelogin-wwwroot-").FullName;
    private readonly GoogleLoginApp _app = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), IndexHtml);
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "assets", "app-3f2a.js"), "console.log('app');");
        _app.WebRoot = _webRoot;
        await ((IAsyncLifetime)_app).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/profile")]
    [InlineData("/deep/client/route")]
    [InlineData("/apiary")]
    public async Task Pages_and_client_routes_get_index_html_revalidated_on_every_visit(string path)
    {
        var response = await _app.CreateBrowser().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Be(IndexHtml);
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
    }

    [Fact]
    public async Task Fingerprinted_assets_are_cached_for_good()
    {
        var response = await _app.CreateBrowser().GetAsync("/assets/app-3f2a.js");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.ToString().Should().Contain("immutable").And.Contain("max-age=31536000");
    }

    [Fact]
    public async Task A_missing_asset_is_404_not_the_page()
    {
        await (await _app.CreateBrowser().GetAsync("/assets/missing-1234.js")).ShouldBeProblemAsync(404);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/unknown")]
    [InlineData("/API/Users/Nobody")]
    public async Task Unknown_api_paths_stay_problem_details(string path)
    {
        await (await _app.CreateBrowser().GetAsync(path)).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task A_wrong_method_on_an_api_route_is_405()
    {
        var response = await _app.CreateBrowser().GetAsync("/api/auth/logout");

        await response.ShouldBeProblemAsync(405);
    }

    [Fact]
    public async Task The_page_is_sent_with_a_strict_content_security_policy_and_companion_headers()
    {
        var response = await _app.CreateBrowser().GetAsync("/");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("default-src 'self'")
            .And.Contain("script-src 'self' https://accounts.google.com/gsi/client;")
            .And.Contain("frame-src https://accounts.google.com/gsi/")
            .And.Contain("frame-ancestors 'none'")
            .And.NotContain("unsafe-inline")
            .And.NotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("strict-origin-when-cross-origin");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
    }

    [Fact]
    public async Task Error_answers_carry_the_same_headers_and_api_answers_are_never_cached()
    {
        var browser = _app.CreateBrowser();
        var rejected = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { idToken = "a.b.c" }),
            Headers = { { "X-CSRF", "1" } },
        });
        var anonymous = await browser.GetAsync("/api/users/me");
        var nonce = await browser.RequestNonceAsync();

        await rejected.ShouldBeProblemAsync(401);
        await anonymous.ShouldBeProblemAsync(401);
        foreach (var response in new[] { rejected, anonymous, nonce })
        {
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'");
            response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
            response.Headers.CacheControl!.NoStore.Should().BeTrue();
        }
    }
}
