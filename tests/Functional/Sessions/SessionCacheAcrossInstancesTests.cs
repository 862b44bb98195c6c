using System.Diagnostics;
using System.Net;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Two processes of the built app on one PostgreSQL database, each trusting a checked session from memory
/// for ten minutes: only PostgreSQL's notifications can tell one of them that the other ended a session.
/// </summary>
[Trait("Engine", "Postgres")]
public sealed class SessionCacheAcrossInstancesTests : IAsyncLifetime
{
    // Far beyond how long the tests wait: a refusal they see came from a notification.
    private const string Latency = "00:10:00";

    // Delivery is asynchronous; seconds leave room for a busy machine, and are nothing next to the latency.
    private static readonly TimeSpan NotificationDeadline = TimeSpan.FromSeconds(5);

    private PostgresServer _server = null!;
    private string _connectionString = null!;
    private AppInstances _instances = null!;

    private AppProcess A => _instances.Processes[0];

    private AppProcess B => _instances.Processes[1];

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync("session_cache");
        _instances = await AppInstances.StartAsync(_connectionString, count: 2, ("Auth:Sessions:RevocationLatency", Latency));
    }

    public async Task DisposeAsync()
    {
        await _instances.DisposeAsync();
        await _server.DropDatabaseAsync(_connectionString);
        _instances.ShouldHaveNoErrors();
    }

    /// <summary>How long <paramref name="instance"/> kept answering <c>/api/users/me</c> with 200 for this browser.</summary>
    private static async Task<TimeSpan?> TimeUntilRefusedAsync(LoopbackBrowser browser, AppProcess instance)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < NotificationDeadline)
        {
            var me = await browser.On(instance).GetAsync("/api/users/me");
            if (me.StatusCode == HttpStatusCode.Unauthorized)
            {
                return watch.Elapsed;
            }

            me.StatusCode.Should().Be(HttpStatusCode.OK);
            await Task.Delay(10);
        }

        return null;
    }

    /// <summary>Signs one account in twice: on the laptop through A, on the phone through B.</summary>
    private async Task SignInOnBothAsync(LoopbackBrowser laptop, LoopbackBrowser phone, string subject)
    {
        (await _instances.SignInAsync(laptop, nonceFrom: A, signInOn: A, subject)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _instances.SignInAsync(phone, nonceFrom: B, signInOn: B, subject)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_session_revoked_on_one_instance_is_refused_by_the_other_long_before_the_latency()
    {
        using var laptop = _instances.NewBrowser();
        using var phone = _instances.NewBrowser();
        await SignInOnBothAsync(laptop, phone, "heard-of");
        (await laptop.On(A).GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK, "A now trusts the laptop's session for ten minutes");
        var sessions = await (await phone.On(B).GetAsync("/api/auth/sessions")).ReadJsonAsync();
        var laptopSession = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();

        var revoke = await phone.On(B).SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/sessions/{laptopSession}") { Headers = { { "X-CSRF", "1" } } });

        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await TimeUntilRefusedAsync(laptop, A)).Should().NotBeNull("B's revocation reaches A through PostgreSQL");
        (await phone.On(A).GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK, "only the laptop's session was revoked");
    }

    [Fact]
    public async Task Signing_out_everywhere_on_one_instance_is_heard_by_the_other()
    {
        using var laptop = _instances.NewBrowser();
        using var phone = _instances.NewBrowser();
        await SignInOnBothAsync(laptop, phone, "everywhere-heard");
        (await laptop.On(A).GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var logoutAll = await phone.On(B).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } });

        logoutAll.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await TimeUntilRefusedAsync(laptop, A)).Should().NotBeNull();
    }
}
