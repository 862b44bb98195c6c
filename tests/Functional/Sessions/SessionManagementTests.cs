using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>Listing and revoking sessions through HTTP.</summary>
public sealed class SessionManagementTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    /// <summary>A signed-in browser, and its session cookie as a raw <c>name=value</c> pair copied from Set-Cookie.</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignedInBrowserAsync(string subject, string userAgent)
    {
        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var signIn = await app.SignInAsync(browser, subject: subject);
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        var setCookie = signIn.SetCookie("__Host-gl-session");
        setCookie.Should().NotBeNull();
        return (browser, setCookie!.Split(';')[0]);
    }

    /// <summary>Sends a copied cookie from a client that keeps none, as an attacker replaying it would.</summary>
    private Task<HttpResponseMessage> ReplayAsync(string cookie, HttpMethod method, string path)
    {
        var client = app.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false });
        return client.SendAsync(new HttpRequestMessage(method, path) { Headers = { { "Cookie", cookie }, { "X-CSRF", "1" } } });
    }

    private static Task<HttpResponseMessage> DeleteSessionAsync(HttpClient browser, Guid id) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/sessions/{id}") { Headers = { { "X-CSRF", "1" } } });

    private static async Task<List<System.Text.Json.JsonElement>> ListSessionsAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/api/auth/sessions");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }

    [Fact]
    public async Task Sessions_lists_the_users_active_sessions_and_which_is_current()
    {
        var (laptop, _) = await SignedInBrowserAsync("sessions-list", "Laptop/1.0");
        var (phone, _) = await SignedInBrowserAsync("sessions-list", "Phone/2.0");
        await SignedInBrowserAsync("someone-else", "Other/1.0");

        var sessions = await ListSessionsAsync(phone);

        sessions.Should().HaveCount(2);
        var current = sessions.Single(s => s.GetProperty("current").GetBoolean());
        current.GetProperty("userAgent").GetString().Should().Be("Phone/2.0");
        sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("userAgent").GetString().Should().Be("Laptop/1.0");
        current.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "id", "createdAt", "lastSeenAt", "expiresAt", "userAgent", "ipAddress", "current", "provider", "providerDisplayName", "accountEmail");
        // The sign-in method that opened it: the provider, as people know it, and the account's email.
        current.GetProperty("provider").GetString().Should().Be("google");
        current.GetProperty("providerDisplayName").GetString().Should().Be("Google");
        current.GetProperty("accountEmail").GetString().Should().Be("sessions-list@example.com");
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_another_session_signs_that_browser_out_only_and_drops_it_from_the_list()
    {
        var (laptop, laptopCookie) = await SignedInBrowserAsync("revoke-one", "Laptop/1.0");
        var (phone, _) = await SignedInBrowserAsync("revoke-one", "Phone/2.0");
        var laptopSession = (await ListSessionsAsync(phone)).Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();

        var response = await DeleteSessionAsync(phone, laptopSession);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("__Host-gl-session").Should().BeNull("the phone's own session is untouched");
        await (await ReplayAsync(laptopCookie, HttpMethod.Get, "/api/users/me")).ShouldBeProblemAsync(401);
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListSessionsAsync(phone)).Should().ContainSingle().Which.GetProperty("current").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Revoking_the_current_session_ends_it_on_the_server_and_clears_its_cookie()
    {
        var (browser, cookie) = await SignedInBrowserAsync("revoke-current", "Laptop/1.0");
        var id = (await ListSessionsAsync(browser)).Single().GetProperty("id").GetGuid();

        var response = await DeleteSessionAsync(browser, id);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
        // The cookie copied before revocation is refused by the server, not merely deleted by the browser.
        await (await ReplayAsync(cookie, HttpMethod.Get, "/api/users/me")).ShouldBeProblemAsync(401);
        await (await ReplayAsync(cookie, HttpMethod.Get, "/api/auth/sessions")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Another_users_session_cannot_be_revoked_or_even_confirmed()
    {
        var (victim, _) = await SignedInBrowserAsync("victim", "Victim/1.0");
        var (attacker, _) = await SignedInBrowserAsync("attacker", "Attacker/1.0");
        var victimSession = (await ListSessionsAsync(victim)).Single().GetProperty("id").GetGuid();

        await (await DeleteSessionAsync(attacker, victimSession)).ShouldBeProblemAsync(404);
        await (await DeleteSessionAsync(attacker, Guid.NewGuid())).ShouldBeProblemAsync(404);

        (await victim.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_all_signs_out_every_browser_of_the_user()
    {
        var (laptop, laptopCookie) = await SignedInBrowserAsync("logout-all", "Laptop/1.0");
        var (phone, phoneCookie) = await SignedInBrowserAsync("logout-all", "Phone/2.0");
        var (_, bystanderCookie) = await SignedInBrowserAsync("logout-all-bystander", "Other/1.0");

        var response = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } });

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
        // Every copy of the user's cookies is dead on the server, whatever the browsers did with them.
        await (await ReplayAsync(laptopCookie, HttpMethod.Get, "/api/users/me")).ShouldBeProblemAsync(401);
        await (await ReplayAsync(phoneCookie, HttpMethod.Get, "/api/users/me")).ShouldBeProblemAsync(401);
        await (await ReplayAsync(phoneCookie, HttpMethod.Post, "/api/auth/logout-all")).ShouldBeProblemAsync(401);
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ReplayAsync(bystanderCookie, HttpMethod.Get, "/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_others_signs_out_every_other_browser_of_the_user_and_keeps_this_one()
    {
        var (laptop, laptopCookie) = await SignedInBrowserAsync("logout-others", "Laptop/1.0");
        var (tablet, tabletCookie) = await SignedInBrowserAsync("logout-others", "Tablet/1.0");
        var (phone, phoneCookie) = await SignedInBrowserAsync("logout-others", "Phone/2.0");
        var (_, bystanderCookie) = await SignedInBrowserAsync("logout-others-bystander", "Other/1.0");

        var response = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-others") { Headers = { { "X-CSRF", "1" } } });

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("__Host-gl-session").Should().BeNull("this browser stays signed in");
        await (await ReplayAsync(laptopCookie, HttpMethod.Get, "/api/users/me")).ShouldBeProblemAsync(401);
        await (await ReplayAsync(tabletCookie, HttpMethod.Get, "/api/users/me")).ShouldBeProblemAsync(401);
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await tablet.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ReplayAsync(phoneCookie, HttpMethod.Get, "/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListSessionsAsync(phone)).Should().ContainSingle().Which.GetProperty("current").GetBoolean().Should().BeTrue();
        (await ReplayAsync(bystanderCookie, HttpMethod.Get, "/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Session_management_needs_a_session_and_the_csrf_header()
    {
        var (browser, _) = await SignedInBrowserAsync("csrf-sessions", "Laptop/1.0");
        var id = (await ListSessionsAsync(browser)).Single().GetProperty("id").GetGuid();

        var anonymous = app.CreateBrowser();
        await (await anonymous.GetAsync("/api/auth/sessions")).ShouldBeProblemAsync(401);
        await (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } })).ShouldBeProblemAsync(401);
        await (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-others") { Headers = { { "X-CSRF", "1" } } })).ShouldBeProblemAsync(401);
        await (await DeleteSessionAsync(anonymous, id)).ShouldBeProblemAsync(401);
        await (await browser.PostAsync("/api/auth/logout-all", content: null)).ShouldBeProblemAsync(403);
        await (await browser.PostAsync("/api/auth/logout-others", content: null)).ShouldBeProblemAsync(403);
        await (await browser.DeleteAsync($"/api/auth/sessions/{id}")).ShouldBeProblemAsync(403);
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
