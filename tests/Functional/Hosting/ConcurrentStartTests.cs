using System.Diagnostics;
using System.Net;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Instances of a new deployment start at the same moment on one PostgreSQL database: one of them applies
/// the migrations, the others wait for it (EF Core's migration lock) or retry a creation they lost, and all
/// come up ready, without an Error line.
/// </summary>
[Trait("Engine", "Postgres")]
public sealed class ConcurrentStartTests(ITestOutputHelper output)
{
    private const string LostCreationRace = "Another instance is creating or migrating the database";

    private static readonly IReadOnlyList<string> Migrations = PostgresMigrations();

    [Fact]
    public async Task Three_instances_started_together_on_a_database_that_does_not_exist_yet_create_it_migrate_it_once_and_all_come_up()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = server.ConnectionStringFor($"gl_concurrent_start_{Guid.NewGuid():N}"[..32]);

        // Their first two connections (the database does not exist yet) go through together, then the first
        // to come on its third goes through before the others. The others may find its work done, or lose a
        // creation and retry (logged); all must come up, with the database migrated once. No retry is required:
        // with the earlier migration sets, every retry seen here was a lost migration step (EF Core's lock lasts
        // one migration), none a lost CREATE DATABASE, and the one InitialCreate is under the lock whole.
        await StartThreeTogetherAsync(server, connectionString, [GateRound.Together, GateRound.Together, GateRound.OneThenRest]);
    }

    [Fact]
    public async Task Three_instances_started_together_on_an_empty_database_migrate_it_once_make_one_data_protection_key_and_all_come_up()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("concurrent_start");
        await using var provider = await OpenIdConnectTestServer.StartAsync();
        using var providerKey = new TestSigningKey();
        provider.Publish(providerKey.ToJwk());
        provider.TokenSigningKey = providerKey;

        // Each instance's one connection of its start: the three begin to migrate at the same moment.
        await StartThreeTogetherAsync(
            server,
            connectionString,
            [GateRound.Together],
            [
                ("Hosting:PublicOrigin", AppInstances.PublicOrigin),
                ("Auth:Providers:acme:Authority", provider.Authority("acme")),
                ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
                ("Auth:Providers:acme:ClientSecret", provider.ClientSecret),
            ],
            async instances =>
            {
                // One key between them, made before any served: each opens the redirect states the others seal.
                (await Database.StringsAsync(connectionString, """SELECT "Id"::text FROM "DataProtectionKeys" """))
                    .Should().ContainSingle(instances.Transcript);
                for (var i = 0; i < instances.Processes.Count; i++)
                {
                    using var browser = instances.NewBrowser();
                    var (startOn, finishOn) = (instances.Processes[i], instances.Processes[(i + 1) % instances.Processes.Count]);
                    var start = await browser.On(startOn).GetAsync("/api/auth/acme/start?returnUrl=%2Faccount");
                    using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                    var callback = (await atProvider.GetAsync(start.Headers.Location!)).Headers.Location!;

                    var finished = await browser.On(finishOn).SendAsync(
                        new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery) { Headers = { Host = callback.Authority } });

                    finished.Headers.Location!.OriginalString.Should().Be("/account", $"a state sealed by {startOn.Name} opens on {finishOn.Name}");
                }
            });
    }

    /// <summary>
    /// Starts three instances at once through a <see cref="StartingGate"/> with these rounds (and <paramref name="settings"/>),
    /// checks them, and runs <paramref name="alsoCheck"/> on them.
    /// </summary>
    private async Task StartThreeTogetherAsync(
        PostgresServer server,
        string connectionString,
        GateRound[] rounds,
        (string Key, string Value)[]? settings = null,
        Func<AppInstances, Task>? alsoCheck = null)
    {
        try
        {
            // The three reach the database at the same moment, and StartAsync returns once all three answer
            // /health/ready with 200.
            await using var gate = StartingGate.Start(connectionString, participants: 3, rounds);
            var starting = Stopwatch.StartNew();
            var instances = await AppInstances.StartAsync(gate.ConnectionString, count: 3, settings ?? []);
            var ready = starting.Elapsed;
            try
            {
                (await Database.StringsAsync(connectionString, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1"""))
                    .Should().Equal(Migrations);
                // EF Core's lock lasts one migration: an instance may begin a migration that another has just
                // applied, fail on it, roll it back and migrate again (a logged retry), finding it done.
                var retries = instances.Processes.Sum(p => p.Output.Count(l => l.Contains(LostCreationRace, StringComparison.Ordinal)));
                foreach (var migration in Migrations)
                {
                    var attempts = instances.Processes.Sum(p => p.Output.Count(l => l.Contains($"Applying migration '{migration}'", StringComparison.Ordinal)));
                    attempts.Should().BeInRange(1, 1 + retries, $"one instance applies {migration}; any other attempt was rolled back and retried{Environment.NewLine}{instances.Transcript}");
                }

                // The schema is whole: each instance signs a browser in, and the next one knows its session.
                for (var i = 0; i < instances.Processes.Count; i++)
                {
                    using var browser = instances.NewBrowser();
                    var signIn = await instances.SignInAsync(browser, instances.Processes[i], instances.Processes[i], subject: $"concurrent-start-{i}");
                    signIn.StatusCode.Should().Be(HttpStatusCode.OK);
                    (await browser.On(instances.Processes[(i + 1) % instances.Processes.Count]).GetAsync("/api/users/me"))
                        .StatusCode.Should().Be(HttpStatusCode.OK);
                }

                if (alsoCheck is not null)
                {
                    await alsoCheck(instances);
                }

                instances.ShouldHaveNoErrors();
                output.WriteLine(
                    $"All ready after {ready.TotalSeconds:0.0} s; full rounds at the gate: {gate.FullRounds} of {rounds.Length}; migrated by {string.Join(", ", instances.Processes.Where(p => p.Output.Any(l => l.Contains("Applying migration", StringComparison.Ordinal))).Select(p => p.Name))}; " +
                    $"creation races lost and retried: {retries}");
            }
            finally
            {
                await instances.DisposeAsync();
            }

            // Stopping logged nothing at Error either.
            instances.ShouldHaveNoErrors();
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    private static List<string> PostgresMigrations()
    {
        // Listing the migrations compiled into the app needs no server.
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1").Options);
        return [.. db.Database.GetMigrations().Order(StringComparer.Ordinal)];
    }
}
