using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace GoogleLogin.Tests.Functional;

/// <summary>The server-side idle and absolute timeouts, played on a fake clock.</summary>
public sealed class SessionTimeoutTests
{
    /// <summary>The clock of the apps that <see cref="StartWithShortLifetimesAsync"/> starts.</summary>
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static async Task<List<JsonElement>> ListSessionsAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/api/auth/sessions");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }

    private static Task<HttpStatusCode> MeAsync(HttpClient browser) =>
        browser.GetAsync("/api/users/me").ContinueWith(t => t.Result.StatusCode, TaskScheduler.Default);

    /// <summary>An app whose sessions end after an hour unused or three hours after sign-in, on <see cref="_clock"/>.</summary>
    private async Task<GoogleLoginApp> StartWithShortLifetimesAsync()
    {
        var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Auth:Sessions:IdleTimeout", "01:00:00"),
            ("Auth:Sessions:AbsoluteLifetime", "03:00:00"));
        app.Time = _clock;
        return app;
    }

    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_at_the_absolute_lifetime()
    {
        await using var app = await StartWithShortLifetimesAsync();

        var idle = await app.SignedInBrowserAsync("idle");
        var active = await app.SignedInBrowserAsync("active");

        // Used every 50 minutes, the active session outlives the idle one...
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(50));
            (await MeAsync(active)).Should().Be(HttpStatusCode.OK);
        }

        (await MeAsync(idle)).Should().Be(HttpStatusCode.Unauthorized);

        // ...until its absolute lifetime, however active it is.
        _clock.Advance(TimeSpan.FromMinutes(35));
        (await MeAsync(active)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_shipped_defaults_end_a_session_after_a_day_unused_and_14_days_after_sign_in()
    {
        // Whole seconds, so the cookie's Expires (which has no fractions) can be compared exactly.
        var signedInAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = new FakeTimeProvider(signedInAt);
        // No Auth:Sessions settings: the lifetimes come from the shipped appsettings.json.
        await using var app = await GoogleLoginApp.StartAsync();
        app.Time = clock;
        var idle = await app.SignedInBrowserAsync("default-idle");
        var active = app.CreateBrowser();
        var signIn = await app.SignInAsync(active, subject: "default-active");

        var cookie = SetCookieHeaderValue.Parse(signIn.SetCookie("__Host-gl-session"));
        cookie.Expires.Should().Be(signedInAt.AddDays(14));
        var listed = (await ListSessionsAsync(active)).Single().GetProperty("expiresAt").GetDateTimeOffset();
        cookie.Expires.Should().Be(DateTimeOffset.FromUnixTimeSeconds(listed.ToUnixTimeSeconds()), "the cookie lasts exactly as long as its session");

        // Unused for just under a day: still signed in, and the use restarts the idle clock.
        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        (await MeAsync(idle)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(active)).Should().Be(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(12));
        (await MeAsync(active)).Should().Be(HttpStatusCode.OK);

        // Unused for just over a day: signed out.
        clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(2));
        (await MeAsync(idle)).Should().Be(HttpStatusCode.Unauthorized);

        // Used every 23 hours, a session lasts until 14 days after sign-in, and not a second longer.
        (await MeAsync(active)).Should().Be(HttpStatusCode.OK);
        while (clock.GetUtcNow() + TimeSpan.FromHours(23) < signedInAt.AddDays(14))
        {
            clock.Advance(TimeSpan.FromHours(23));
            (await MeAsync(active)).Should().Be(HttpStatusCode.OK);
        }

        clock.SetUtcNow(signedInAt.AddDays(14) - TimeSpan.FromSeconds(1));
        (await MeAsync(active)).Should().Be(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await MeAsync(active)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Idle_and_expired_sessions_disappear_from_the_list()
    {
        await using var app = await StartWithShortLifetimesAsync();
        var idle = await app.SignedInBrowserAsync("list-expiry");
        var early = await app.SignedInBrowserAsync("list-expiry");
        _clock.Advance(TimeSpan.FromMinutes(50));
        (await MeAsync(early)).Should().Be(HttpStatusCode.OK);
        var late = await app.SignedInBrowserAsync("list-expiry");
        (await ListSessionsAsync(late)).Should().HaveCount(3);

        // The first session has gone unused for over an hour.
        _clock.Advance(TimeSpan.FromMinutes(50));
        (await MeAsync(early)).Should().Be(HttpStatusCode.OK);
        (await ListSessionsAsync(late)).Should().HaveCount(2);

        // The second, though in use, has reached its absolute lifetime.
        _clock.Advance(TimeSpan.FromMinutes(50));
        (await MeAsync(early)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(late)).Should().Be(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(35));
        (await ListSessionsAsync(late)).Should().ContainSingle().Which.GetProperty("current").GetBoolean().Should().BeTrue();
    }
}
