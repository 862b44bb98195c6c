using System.Net;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Support;
using Npgsql;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// While the database cannot be reached, what needs it answers 503 <c>database_unavailable</c>, never a 500,
/// and the app serves again once it can. On PostgreSQL: the app reaches its database through a relay the test cuts.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private GoogleLoginApp _app = null!;
    private TcpRelay? _relay;

    public async Task InitializeAsync()
    {
        _app = new GoogleLoginApp();
        await _app.InitializeAsync();
        if (_app.Database.IsPostgres)
        {
            var direct = new NpgsqlConnectionStringBuilder(_app.Database.ConnectionString);
            _relay = TcpRelay.To(direct.Host!, direct.Port);
            _app.With("ConnectionStrings:Default", new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = _relay.Port }.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_that_need_an_unreachable_PostgreSQL_answer_503_with_a_code_and_serve_again_after()
    {
        if (_relay is null)
        {
            // SQLite is a file of this process: it has no outage of this kind.
            return;
        }

        var signedIn = await _app.SignedInBrowserAsync("outage-before");

        // A session this instance has not checked yet: its cookie makes every request read the database.
        var cookies = new BrowserCookieHandler();
        var neverChecked = _app.CreateDefaultClient(new Uri("http://localhost"), cookies);
        cookies.Plant(new Uri("http://localhost"), new Cookie("__Host-gl-session", SessionToken.New().Value));

        _relay.Cut();

        // First: the pool still holds the connections the sign-in used, which open without reaching the server.
        await (await _app.CreateBrowser().GetAsync("/health/ready")).ShouldBeProblemAsync(503, "not_ready");
        (await neverChecked.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "liveness needs no session, nor a database");
        (await neverChecked.GetAsync("/api/auth/config")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await neverChecked.GetAsync("/api/users/me")).ShouldBeProblemAsync(503, "database_unavailable");

        await (await _app.SignInAsync(_app.CreateBrowser(), subject: "outage-during")).ShouldBeProblemAsync(503, "database_unavailable");
        await (await signedIn.GetAsync("/api/auth/sessions")).ShouldBeProblemAsync(503, "database_unavailable");
        var logout = await signedIn.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Headers = { { "X-CSRF", "1" } } });
        await logout.ShouldBeProblemAsync(503, "database_unavailable");
        _app.Logs.Lines.Should().Contain(line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("The database is unavailable", StringComparison.Ordinal))
            .And.NotContain(line => line.Contains("Unhandled exception", StringComparison.Ordinal));

        _relay.Restore();

        // Connections the pool held died with the cut; each is found dead on its first use, and that request
        // answers 503 too. The state to wait for: a sign-in that succeeds.
        HttpStatusCode status;
        var attempts = 0;
        do
        {
            var answer = await _app.SignInAsync(_app.CreateBrowser(), subject: "outage-after");
            status = answer.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await answer.ShouldBeProblemAsync(503, "database_unavailable");
            }
        }
        while (status != HttpStatusCode.OK && ++attempts < 50);

        status.Should().Be(HttpStatusCode.OK);
        (await signedIn.GetAsync("/api/auth/sessions")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
