using System.Net;

namespace GoogleLogin.Tests.Functional;

public sealed class SessionTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    [Fact]
    public async Task Me_without_a_session_is_401_problem_details_never_a_redirect()
    {
        var response = await app.CreateBrowser().GetAsync("/api/users/me");

        await response.ShouldBeProblemAsync(401);
        response.Headers.Location.Should().BeNull();
    }

    [Fact]
    public async Task A_forged_session_cookie_is_401_and_is_cleared()
    {
        var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.Add("Cookie", "__Host-gl-session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(401);
        response.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
    }

    [Fact]
    public async Task Logout_revokes_the_session_server_side_so_a_replayed_cookie_is_refused()
    {
        var browser = app.CreateBrowser();
        var signIn = await app.SignInAsync(browser, subject: "logout-user");
        var cookie = signIn.SetCookie("__Host-gl-session")!.Split(';')[0];

        var logout = await browser.LogoutAsync();

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        logout.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // An attacker who copied the cookie before logout gets nothing from it.
        var replay = app.CreateClient();
        var me = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        me.Headers.Add("Cookie", cookie);
        await (await replay.SendAsync(me)).ShouldBeProblemAsync(401);

        var logoutAgain = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Headers = { { "X-CSRF", "1" }, { "Cookie", cookie } } };
        await (await replay.SendAsync(logoutAgain)).ShouldBeProblemAsync(401);
    }

    [Theory]
    [InlineData("same-account")]
    [InlineData("another-account")]
    public async Task Signing_in_again_from_a_browser_revokes_the_session_it_presented(string secondSubject)
    {
        var browser = app.CreateBrowser();
        var first = await app.SignInAsync(browser, subject: $"switching-{secondSubject}");
        var oldCookie = first.SetCookie("__Host-gl-session")!.Split(';')[0];

        var second = await app.SignInAsync(browser, subject: secondSubject == "same-account" ? $"switching-{secondSubject}" : $"switched-to-{secondSubject}");

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        second.SetCookie("__Host-gl-session")!.Split(';')[0].Should().NotBe(oldCookie);
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the new session works");
        // Whoever copied the old cookie gets nothing from it: it does not live on for its 14 days.
        var replay = app.CreateClient(new() { HandleCookies = false });
        var me = new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { { "Cookie", oldCookie } } };
        await (await replay.SendAsync(me)).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Logging_out_one_browser_leaves_the_others_signed_in()
    {
        var laptop = await app.SignedInBrowserAsync("two-devices");
        var phone = await app.SignedInBrowserAsync("two-devices");

        (await laptop.LogoutAsync()).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_without_a_session_is_401()
    {
        await (await app.CreateBrowser().LogoutAsync()).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Checking_a_session_never_calls_the_key_server_even_while_it_is_down()
    {
        await using var isolated = await GoogleLoginApp.StartAsync();
        var browser = await isolated.SignedInBrowserAsync("keyless-session");
        var fetchesAfterSignIn = isolated.KeyServer.RequestCount;
        isolated.KeyServer.FailWith = HttpStatusCode.InternalServerError;

        for (var i = 0; i < 5; i++)
        {
            (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await browser.GetAsync("/api/auth/sessions")).StatusCode.Should().Be(HttpStatusCode.OK);
        isolated.KeyServer.RequestCount.Should().Be(fetchesAfterSignIn);
    }
}
