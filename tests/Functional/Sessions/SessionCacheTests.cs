using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The session check trusts a session it read from the database for <c>Auth:Sessions:RevocationLatency</c>
/// (1 second by default). What ends a session on this instance is seen at once; a change the instance
/// cannot hear of, here one made directly in the database, within that latency, and not before it.
/// </summary>
public sealed class SessionCacheTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static async Task<(HttpClient Browser, Guid SessionId)> SignedInWithSessionIdAsync(GoogleLoginApp app, string subject)
    {
        var browser = await app.SignedInBrowserAsync(subject);
        var sessions = await (await browser.GetAsync("/api/auth/sessions")).ReadJsonAsync();
        var current = sessions.EnumerateArray().Single(s => s.GetProperty("current").GetBoolean());
        return (browser, current.GetProperty("id").GetGuid());
    }

    private static Task<HttpStatusCode> MeAsync(HttpClient browser) =>
        browser.GetAsync("/api/users/me").ContinueWith(t => t.Result.StatusCode, TaskScheduler.Default);

    private async Task<GoogleLoginApp> StartAsync(params (string Key, string? Value)[] settings)
    {
        var app = await GoogleLoginApp.StartAsync("Production", settings);
        app.Time = _clock;
        return app;
    }

    /// <summary>Disables the user in the database behind the app's back, as an operator's SQL would.</summary>
    private static Task DisableInDatabaseAsync(GoogleLoginApp app) =>
        app.Database.ExecuteAsync("""UPDATE "Users" SET "IsActive" = (1 = 0)""");

    [Fact]
    public async Task A_session_revoked_on_this_instance_is_refused_at_its_very_next_request()
    {
        await using var app = await StartAsync(("Auth:Sessions:RevocationLatency", "00:10:00"));
        var (laptop, laptopSession) = await SignedInWithSessionIdAsync(app, "revoked-here");
        var (phone, _) = await SignedInWithSessionIdAsync(app, "revoked-here");
        (await MeAsync(laptop)).Should().Be(HttpStatusCode.OK, "the laptop's session is now in the cache, for ten minutes");

        var revoke = await phone.SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/sessions/{laptopSession}") { Headers = { { "X-CSRF", "1" } } });

        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await MeAsync(laptop)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(phone)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signing_out_everywhere_on_this_instance_ends_every_cached_session_of_the_user_at_once()
    {
        await using var app = await StartAsync(("Auth:Sessions:RevocationLatency", "00:10:00"));
        var (laptop, _) = await SignedInWithSessionIdAsync(app, "out-everywhere");
        var (phone, _) = await SignedInWithSessionIdAsync(app, "out-everywhere");
        (await MeAsync(laptop)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(phone)).Should().Be(HttpStatusCode.OK);

        var logoutAll = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } });

        logoutAll.StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await MeAsync(laptop)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_change_the_instance_cannot_hear_of_is_seen_within_the_revocation_latency()
    {
        await using var app = await StartAsync(("Auth:Sessions:RevocationLatency", "00:00:01"));
        var (browser, _) = await SignedInWithSessionIdAsync(app, "disabled-behind-its-back");
        (await MeAsync(browser)).Should().Be(HttpStatusCode.OK);

        await DisableInDatabaseAsync(app);

        (await MeAsync(browser)).Should().Be(HttpStatusCode.OK, "the check is trusted from memory for the latency");
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        (await MeAsync(browser)).Should().Be(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        (await MeAsync(browser)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_latency_of_zero_reads_the_database_on_every_request()
    {
        await using var app = await StartAsync(("Auth:Sessions:RevocationLatency", "00:00:00"));
        var (browser, _) = await SignedInWithSessionIdAsync(app, "no-cache");
        (await MeAsync(browser)).Should().Be(HttpStatusCode.OK);

        await DisableInDatabaseAsync(app);

        (await MeAsync(browser)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("2.00:00:00")]
    public async Task A_negative_latency_or_one_longer_than_the_idle_timeout_stops_start_up(string latency)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Sessions:RevocationLatency", latency));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*RevocationLatency*");
    }
}
