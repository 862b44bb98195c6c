using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>Listing and revoking sessions, and the server-side timeouts, through HTTP.</summary>
public sealed class SessionManagementTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    private async Task<HttpClient> SignedInBrowserAsync(string subject, string userAgent)
    {
        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        (await app.SignInAsync(browser, subject: subject)).StatusCode.Should().Be(HttpStatusCode.OK);
        return browser;
    }

    private static Task<HttpResponseMessage> DeleteSessionAsync(HttpClient browser, Guid id) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/sessions/{id}") { Headers = { { "X-CSRF", "1" } } });

    [Fact]
    public async Task Sessions_lists_the_users_active_sessions_and_which_is_current()
    {
        var laptop = await SignedInBrowserAsync("sessions-list", "Laptop/1.0");
        var phone = await SignedInBrowserAsync("sessions-list", "Phone/2.0");
        await SignedInBrowserAsync("someone-else", "Other/1.0");

        var sessions = (await (await phone.GetAsync("/api/auth/sessions")).ReadJsonAsync()).EnumerateArray().ToList();

        sessions.Should().HaveCount(2);
        var current = sessions.Single(s => s.GetProperty("current").GetBoolean());
        current.GetProperty("userAgent").GetString().Should().Be("Phone/2.0");
        sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("userAgent").GetString().Should().Be("Laptop/1.0");
        current.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("id", "createdAt", "lastSeenAt", "expiresAt", "userAgent", "ipAddress", "current");
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_another_session_signs_that_browser_out_only()
    {
        var laptop = await SignedInBrowserAsync("revoke-one", "Laptop/1.0");
        var phone = await SignedInBrowserAsync("revoke-one", "Phone/2.0");
        var laptopSession = (await (await phone.GetAsync("/api/auth/sessions")).ReadJsonAsync()).EnumerateArray()
            .Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();

        var response = await DeleteSessionAsync(phone, laptopSession);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("gl-session").Should().BeNull("the phone's own session is untouched");
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_the_current_session_also_clears_its_cookie()
    {
        var browser = await SignedInBrowserAsync("revoke-current", "Laptop/1.0");
        var id = (await (await browser.GetAsync("/api/auth/sessions")).ReadJsonAsync()).EnumerateArray().Single().GetProperty("id").GetGuid();

        var response = await DeleteSessionAsync(browser, id);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
    }

    [Fact]
    public async Task Another_users_session_cannot_be_revoked_or_even_confirmed()
    {
        var victim = await SignedInBrowserAsync("victim", "Victim/1.0");
        var attacker = await SignedInBrowserAsync("attacker", "Attacker/1.0");
        var victimSession = (await (await victim.GetAsync("/api/auth/sessions")).ReadJsonAsync()).EnumerateArray().Single().GetProperty("id").GetGuid();

        await (await DeleteSessionAsync(attacker, victimSession)).ShouldBeProblemAsync(404);
        await (await DeleteSessionAsync(attacker, Guid.NewGuid())).ShouldBeProblemAsync(404);

        (await victim.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_all_signs_out_every_browser_of_the_user()
    {
        var laptop = await SignedInBrowserAsync("logout-all", "Laptop/1.0");
        var phone = await SignedInBrowserAsync("logout-all", "Phone/2.0");
        var bystander = await SignedInBrowserAsync("logout-all-bystander", "Other/1.0");

        var response = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } });

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.SetCookie("gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
        (await laptop.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await bystander.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Session_management_needs_a_session_and_the_csrf_header()
    {
        var anonymous = app.CreateBrowser();
        await (await anonymous.GetAsync("/api/auth/sessions")).ShouldBeProblemAsync(401);
        await (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } })).ShouldBeProblemAsync(401);

        var browser = await SignedInBrowserAsync("csrf-sessions", "Laptop/1.0");
        await (await browser.PostAsync("/api/auth/logout-all", content: null)).ShouldBeProblemAsync(403);
        await (await browser.DeleteAsync($"/api/auth/sessions/{Guid.NewGuid()}")).ShouldBeProblemAsync(403);
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class SessionTimeoutTests
{
    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_at_the_absolute_lifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Auth:Sessions:IdleTimeout", "01:00:00"),
            ("Auth:Sessions:AbsoluteLifetime", "03:00:00"));
        app.Time = clock;

        var idle = app.CreateBrowser();
        await app.SignInAsync(idle, subject: "idle");
        var active = app.CreateBrowser();
        await app.SignInAsync(active, subject: "active");

        // Used every 50 minutes, the active session outlives the idle one...
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(50));
            (await active.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await idle.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // ...until its absolute lifetime, however active it is.
        clock.Advance(TimeSpan.FromMinutes(35));
        (await active.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
