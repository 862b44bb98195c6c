using System.Net;
using System.Net.Http.Json;

namespace GoogleLogin.Tests.Functional;

public sealed class CsrfTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    private async Task<HttpRequestMessage> SignInRequestAsync(HttpClient browser, string? csrf, string? origin)
    {
        var nonce = await browser.GetNonceAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = JsonContent.Create(new { idToken = app.SignGoogleToken(subject: "csrf-user", nonce: nonce), nonce }),
        };
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF", csrf);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", null)]
    [InlineData("true", null)]
    [InlineData("1", "https://evil.example")]
    [InlineData("1", "http://localhost.evil.example")]
    [InlineData("1", "http://localhost:8080")]
    [InlineData("1", "null")]
    public async Task Sign_in_without_the_csrf_header_or_from_another_origin_is_403(string? csrf, string? origin)
    {
        var browser = app.CreateBrowser();
        var response = await browser.SendAsync(await SignInRequestAsync(browser, csrf, origin));

        var problem = await response.ShouldBeProblemAsync(403);
        problem.GetProperty("title").GetString().Should().Be("Request refused", "the CSRF check, not another rule, refused it");
        response.SetCookie("__Host-gl-session").Should().BeNull();
    }

    [Fact]
    public async Task Sign_in_from_the_apps_own_origin_is_allowed()
    {
        var browser = app.CreateBrowser();
        var response = await browser.SendAsync(await SignInRequestAsync(browser, "1", "http://localhost"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_without_the_csrf_header_is_403_and_keeps_the_session()
    {
        var browser = await app.SignedInBrowserAsync("csrf-logout");

        await (await browser.PostAsync("/api/auth/logout", content: null)).ShouldBeProblemAsync(403);

        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Every_unsafe_method_under_api_needs_the_header(string method)
    {
        await (await app.CreateBrowser().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/users/me"))).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task Safe_requests_need_no_header()
    {
        (await app.CreateBrowser().GetAsync("/api/auth/config")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
