using System.Buffers.Text;
using System.Text;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>What is particular to PostgreSQL: its own migrations, and times as <c>timestamptz</c>.</summary>
[Trait("Engine", "Postgres")]
public sealed class PostgresDatabaseTests : IAsyncLifetime
{
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync(engine: TestEngine.Postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_up_creates_a_missing_database_and_applies_the_postgres_migrations()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        db.Should().BeOfType<PostgresAppDbContext>();
        (await _host.Database.ExistsAsync()).Should().BeTrue();
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(db.Database.GetMigrations());
    }

    [Fact]
    public async Task Every_time_is_stored_as_timestamptz()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var types = await db.Database.SqlQueryRaw<string>("""
            SELECT DISTINCT data_type AS "Value" FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name IN ('CreatedAt', 'LastSeenAt', 'ExpiresAt', 'RevokedAt', 'LastSignedInAt')
            """).ToListAsync();

        types.Should().Equal("timestamp with time zone");
    }

    [Fact]
    public async Task A_time_with_another_offset_is_stored_as_the_same_instant_in_utc()
    {
        // Npgsql refuses a DateTimeOffset with a non-zero offset for timestamptz rather than guess.
        var openedAt = new DateTimeOffset(2026, 11, 26, 14, 30, 0, TimeSpan.FromHours(2));
        var user = User.Register(new ExternalIdentity("https://accounts.google.com", "offset"), "google", new UserProfile(null, false, null, null, null, null), openedAt);
        var session = Session.Open(user.Id, user.Logins.First().Id, SessionToken.New(), new SessionLifetime(TimeSpan.FromDays(14), TimeSpan.FromDays(1)), openedAt, null, null);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
            scope.ServiceProvider.GetRequiredService<ISessionRepository>().Add(session);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().FindByIdAsync(session.Id, CancellationToken.None);
            stored!.CreatedAt.Should().Be(openedAt);
            stored.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
            stored.CreatedAt.UtcDateTime.Should().Be(new DateTime(2026, 11, 26, 12, 30, 0, DateTimeKind.Utc));

            // Queries compare instants too: a cut-off given in another offset finds the same rows.
            var active = await scope.ServiceProvider.GetRequiredService<ISessionRepository>()
                .ListActiveByUserAsync(user.Id, openedAt.ToOffset(TimeSpan.FromHours(-5)).AddMinutes(1), new SessionLifetime(TimeSpan.FromDays(14), TimeSpan.FromDays(1)), CancellationToken.None);
            active.Should().ContainSingle(s => s.Id == session.Id);
        }
    }

    [Fact]
    public async Task One_process_signs_in_and_checks_sessions_on_both_engines()
    {
        // The queries compiled once are compiled per engine: each engine's context has a model of its own.
        await using var sqlite = await AppHost.StartAsync(engine: TestEngine.Sqlite);
        foreach (var host in new[] { sqlite, _host, sqlite })
        {
            var payload = GoogleTokens.Payload(subject: "both-engines");
            var first = await host.SignInAsync(payload);
            var again = await host.SignInAsync(payload);

            again.User.Id.Should().Be(first.User.Id);
            (await host.AuthenticateAsync(again.SessionToken)).Should().NotBeNull();
        }
    }

    [Fact]
    public async Task No_table_holds_a_session_token_only_its_hash()
    {
        var issued = await _host.SignInAsync(GoogleTokens.Payload());
        var tokenText = issued.SessionToken;
        var tokenHex = Convert.ToHexStringLower(Base64Url.DecodeFromChars(tokenText));
        var hashHex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(tokenText)));

        // Every row of every table as text; bytea renders as hex.
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = new List<string>();
        foreach (var query in new[]
        {
            """SELECT t::text AS "Value" FROM "Users" t""",
            """SELECT t::text AS "Value" FROM "ExternalLogins" t""",
            """SELECT t::text AS "Value" FROM "Sessions" t""",
            """SELECT t::text AS "Value" FROM "SignInNonces" t""",
        })
        {
            rows.AddRange(await db.Database.SqlQueryRaw<string>(query).ToListAsync());
        }

        rows.Should().Contain(row => row.Contains(hashHex, StringComparison.Ordinal), "the scan sees the session row's hash");
        rows.Should().NotContain(row => row.Contains(tokenText, StringComparison.Ordinal), "the database must not hold the token's text");
        rows.Should().NotContain(row => row.Contains(tokenHex, StringComparison.Ordinal), "the database must not hold the token's raw bytes");
    }
}
