using System.Net;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// While the database cannot serve, what needs it answers 503 <c>database_unavailable</c>, never a 500, and the
/// app serves again once it can. PostgreSQL: the app reaches its database through a relay the test cuts.
/// SQLite: another process holds the file's write lock past the app's busy timeout.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private GoogleLoginApp _app = null!;
    private TcpRelay? _relay;
    private SqliteConnection? _otherProcess;

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
        else
        {
            // A write gives up after SQLite's busy timeout, then the driver's own retries until this (30 s by default).
            _app.With("ConnectionStrings:Default", new SqliteConnectionStringBuilder(_app.Database.ConnectionString) { DefaultTimeout = 1 }.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_otherProcess is not null)
        {
            await _otherProcess.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_that_need_an_unavailable_database_answer_503_with_a_code_and_serve_again_after()
    {
        var signedIn = await _app.SignedInBrowserAsync("outage-before");
        // A session this instance has not checked yet: its cookie makes every request read the database.
        var cookies = new BrowserCookieHandler();
        var neverChecked = _app.CreateDefaultClient(new Uri("http://localhost"), cookies);
        cookies.Plant(new Uri("http://localhost"), new Cookie("__Host-gl-session", SessionToken.New().Value));

        await BeginOutageAsync();

        if (_relay is not null)
        {
            // First: the pool still holds the connections the sign-in used, which open without reaching the server.
            await (await _app.CreateBrowser().GetAsync("/health/ready")).ShouldBeProblemAsync(503, "not_ready");
            (await neverChecked.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "liveness needs no session, nor a database");
            (await neverChecked.GetAsync("/api/auth/config")).StatusCode.Should().Be(HttpStatusCode.OK);
            await (await neverChecked.GetAsync("/api/users/me")).ShouldBeProblemAsync(503, "database_unavailable");
            await (await signedIn.GetAsync("/api/auth/sessions")).ShouldBeProblemAsync(503, "database_unavailable");
            var logout = await signedIn.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Headers = { { "X-CSRF", "1" } } });
            await logout.ShouldBeProblemAsync(503, "database_unavailable");
        }

        await (await _app.SignInAsync(_app.CreateBrowser(), subject: "outage-during")).ShouldBeProblemAsync(503, "database_unavailable");
        _app.Logs.Lines.Should().Contain(line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("The database is unavailable", StringComparison.Ordinal))
            .And.NotContain(line => line.Contains("Unhandled exception", StringComparison.Ordinal));

        await EndOutageAsync();

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
        while (status != HttpStatusCode.OK && ++attempts < 10);

        status.Should().Be(HttpStatusCode.OK);
        (await signedIn.GetAsync("/api/auth/sessions")).StatusCode.Should().Be(HttpStatusCode.OK, "the session outlived the outage");
    }

    private async Task BeginOutageAsync()
    {
        if (_relay is not null)
        {
            _relay.Cut();
            return;
        }

        // Readers go on (WAL); every write waits out the busy timeout, then fails.
        _otherProcess = new SqliteConnection($"Data Source={_app.Database.SqliteFile}");
        await _otherProcess.OpenAsync();
        await using var begin = _otherProcess.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
    }

    private async Task EndOutageAsync()
    {
        if (_relay is not null)
        {
            _relay.Restore();
            return;
        }

        await using var rollback = _otherProcess!.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        await rollback.ExecuteNonQueryAsync();
    }
}
