using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>A nonce belongs to the browser that asked for it: its pre-login cookie must come back with the token.</summary>
public sealed class NonceBindingTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    /// <summary>Another client: none, or a browser that has a pre-login cookie of its own.</summary>
    private async Task<HttpClient> ThiefAsync(bool withBindingOfItsOwn)
    {
        var thief = app.CreateBrowser();
        if (withBindingOfItsOwn)
        {
            await thief.GetNonceAsync();
        }

        return thief;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_redeemed_from_a_client_that_did_not_ask_for_its_nonce_is_401_and_its_own_browser_still_signs_in(bool thiefHasABindingOfItsOwn)
    {
        var victim = app.CreateBrowser();
        var nonce = await victim.GetNonceAsync();
        var token = app.SignGoogleToken(subject: $"captured-token-{thiefHasABindingOfItsOwn}", nonce: nonce);
        var thief = await ThiefAsync(thiefHasABindingOfItsOwn);
        var linesBefore = app.Logs.Lines.Count;

        var stolen = await thief.SignInAsync(token, nonce);

        await stolen.ShouldBeProblemAsync(401);
        stolen.Headers.Contains("Set-Cookie").Should().BeFalse("a refused sign-in opens no session");
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_not_bound_to_this_browser");
        (await thief.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await victim.SignInAsync(token, nonce)).StatusCode.Should().Be(HttpStatusCode.OK, "the thief's attempt did not use the nonce up");
    }

    [Fact]
    public async Task Two_tabs_of_one_browser_each_sign_in_with_their_own_nonce()
    {
        var browser = app.CreateBrowser();
        var firstTab = await browser.GetNonceAsync();
        var secondTab = await browser.GetNonceAsync();

        var first = await browser.SignInAsync(app.SignGoogleToken(subject: "two-tabs", nonce: firstTab), firstTab);
        var second = await browser.SignInAsync(app.SignGoogleToken(subject: "two-tabs", nonce: secondTab), secondTab);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_nonce_request_of_a_browser_renews_the_same_pre_login_cookie()
    {
        var browser = app.CreateBrowser();

        var first = (await browser.RequestNonceAsync()).SetCookie("__Host-gl-nonce-binding");
        var second = (await browser.RequestNonceAsync()).SetCookie("__Host-gl-nonce-binding");
        var otherBrowser = (await app.CreateBrowser().RequestNonceAsync()).SetCookie("__Host-gl-nonce-binding");

        second!.Split(';')[0].Should().Be(first!.Split(';')[0], "a second tab's nonce must not strand the first tab's");
        otherBrowser!.Split(';')[0].Should().NotBe(first.Split(';')[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_pre_login_cookie_is_http_only_same_site_strict_for_the_whole_site_for_five_minutes_and_secure_where_the_session_cookie_is(
        bool https)
    {
        var response = await app.CreateBrowser(https).RequestNonceAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        // Outside Development, like the session cookie: __Host- and Secure whatever scheme the app sees.
        var cookie = response.SetCookie("__Host-gl-nonce-binding");
        cookie.Should().NotBeNull();
        var attributes = cookie!.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        attributes.Should().Contain(["httponly", "samesite=strict", "path=/", "max-age=300"]);
        attributes.Should().NotContain(a => a.StartsWith("domain=", StringComparison.Ordinal));
        attributes.Should().Contain("secure");
    }

    [Fact]
    public async Task Getting_a_nonce_is_405_it_must_be_posted()
    {
        var response = await app.CreateBrowser().GetAsync("/api/auth/nonce");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Headers.Contains("Set-Cookie").Should().BeFalse("no nonce was issued");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("1", "https://evil.example")]
    public async Task A_nonce_request_without_the_csrf_header_or_from_another_origin_is_403(string? csrf, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/nonce");
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF", csrf);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        var response = await app.CreateBrowser().SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(403);
        problem.GetProperty("title").GetString().Should().Be("Request refused", "the CSRF check, not another rule, refused it");
        response.Headers.Contains("Set-Cookie").Should().BeFalse("no nonce was issued");
    }

    [Fact]
    public async Task A_nonce_request_with_an_empty_json_object_is_answered_like_one_without_a_body()
    {
        var response = await app.CreateBrowser().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/nonce")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { }),
            Headers = { { "X-CSRF", "1" } },
        });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("nonce").GetString().Should().NotBeNullOrEmpty();
    }
}
