using System.Net;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>The background sweep (<c>Auth:Sweep:Interval</c>, 5 minutes by default) on a fake clock.</summary>
public sealed class SignInStateSweepTests
{
    private const string SweptLine = "Sign-in state sweep deleted";
    private const string FailedLine = "Sign-in state sweep failed";

    /// <summary>
    /// The sweep runs on a thread of its own once the clock passes the interval; its log line says it
    /// has finished. The wait is a safety net for a sweep that never comes, not part of the check.
    /// </summary>
    private static async Task<string> NextLogLineAsync(GoogleLoginApp app, string fragment, int linesBefore)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (app.Logs.Lines.Skip(linesBefore).FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), giveUp.Token);
        }
    }

    private static async Task<(List<Guid> Sessions, List<byte[]> Nonces)> RowsAsync(GoogleLoginApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Sessions.Select(s => s.Id).ToListAsync(), await db.SignInNonces.Select(n => n.Hash).ToListAsync());
    }

    private static async Task<Guid> CurrentSessionIdAsync(HttpClient browser)
    {
        var sessions = await (await browser.GetAsync("/api/auth/sessions")).ReadJsonAsync();
        return sessions.EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Revoked_and_expired_sessions_and_expired_nonces_are_deleted_once_the_interval_passes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Auth:Sessions:IdleTimeout", "00:03:00"),
            ("Auth:Sessions:AbsoluteLifetime", "01:00:00"));
        app.Time = clock;

        var loggedOut = app.CreateBrowser();
        (await app.SignInAsync(loggedOut, subject: "sweep-logged-out")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await loggedOut.LogoutAsync()).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.SignInAsync(app.CreateBrowser(), subject: "sweep-idle")).StatusCode.Should().Be(HttpStatusCode.OK);
        var usedFirst = await RowsAsync(app);

        // Four minutes on: the idle session has ended, but the interval has not passed. Each sign-in
        // recorded its nonce as used; the first two expire a minute later.
        clock.Advance(TimeSpan.FromMinutes(4));
        var live = app.CreateBrowser();
        (await app.SignInAsync(live, subject: "sweep-live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await RowsAsync(app);
        before.Sessions.Should().HaveCount(3);
        before.Nonces.Should().HaveCount(3);
        app.Logs.Lines.Should().NotContain(l => l.Contains(SweptLine, StringComparison.Ordinal), "no request sweeps, and the interval has not passed");

        clock.Advance(TimeSpan.FromMinutes(1));
        var swept = await NextLogLineAsync(app, SweptLine, 0);

        // The first two nonces have just expired; their records stay one lifetime more (clocks differ).
        swept.Should().Contain("deleted 2 ended sessions, 0 expired nonces, 0 expired uses of redirect states and 0 expired pending links");
        var after = await RowsAsync(app);
        after.Sessions.Should().Equal(await CurrentSessionIdAsync(live));
        after.Nonces.Should().HaveCount(3);

        var linesBefore = app.Logs.Lines.Count;
        clock.Advance(TimeSpan.FromMinutes(5));
        var sweptAgain = await NextLogLineAsync(app, SweptLine, linesBefore);

        sweptAgain.Should().Contain("ended sessions, 2 expired nonces");
        (await RowsAsync(app)).Nonces.Should().ContainSingle().Which.Should().NotEqual(usedFirst.Nonces[0]).And.NotEqual(usedFirst.Nonces[1]);
    }

    [Fact]
    public async Task A_failed_sweep_is_logged_and_the_next_one_still_runs()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Sweep:Interval", "00:01:00"));
        app.Time = clock;
        var browser = app.CreateBrowser();
        (await app.SignInAsync(browser, subject: "sweep-failure")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.LogoutAsync()).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The table the sweep deletes from is gone for one interval: the sweep fails.
        await app.Database.ExecuteAsync("""ALTER TABLE "Sessions" RENAME TO "SessionsAside" """);
        var linesBefore = app.Logs.Lines.Count;
        clock.Advance(TimeSpan.FromMinutes(1));
        var failed = await NextLogLineAsync(app, FailedLine, linesBefore);
        await app.Database.ExecuteAsync("""ALTER TABLE "SessionsAside" RENAME TO "Sessions" """);

        failed.Should().Contain(app.Database.IsPostgres ? "PostgresException" : "SqliteException");
        if (app.Database.IsPostgres)
        {
            failed.Should().Contain("SqlState=42P01", "the database's error code tells an operator what is wrong (here: no such table)");
        }

        linesBefore = app.Logs.Lines.Count;
        clock.Advance(TimeSpan.FromMinutes(1));
        (await NextLogLineAsync(app, SweptLine, linesBefore)).Should().Contain("deleted 1 ended sessions");
        (await RowsAsync(app)).Sessions.Should().BeEmpty();
        (await app.CreateBrowser().GetAsync("/api/auth/config")).StatusCode.Should().Be(HttpStatusCode.OK, "the host is still running");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    [InlineData("2.00:00:00")]
    public async Task A_sweep_interval_outside_a_second_to_a_day_refuses_to_start(string interval)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Sweep:Interval", interval));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Interval*");
    }
}
