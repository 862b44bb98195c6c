using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>What is particular to SQLite: the file and its journal.</summary>
[Trait("Engine", "Sqlite")]
public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync(engine: TestEngine.Sqlite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_request_s_connection_enforces_foreign_keys_and_waits_for_locks_though_they_are_set_once_per_pooled_connection()
    {
        // Several requests in turn: the pool hands out the same physical connection, set up only when first opened.
        for (var request = 0; request < 3; request++)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync()).Should().Be(1);
            (await db.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync()).Should().Be(5000);
        }
    }

    [Fact]
    public async Task Commits_wait_for_the_next_checkpoint_to_reach_the_disk_but_a_sign_out_is_synced_before_it_is_answered()
    {
        var recorder = new SynchronousSettingRecorder();
        await using var host = await AppHost.StartAsync(services => services.AddAppDbContextInterceptor(recorder), TestEngine.Sqlite);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // 1 is NORMAL: in write-ahead logging, the log is synced at checkpoints rather than at every commit.
            (await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync()).Should().Be(1);
        }

        var issued = await host.SignInAsync(GoogleTokens.Payload(subject: "synced-sign-out"));
        recorder.Settings.Should().BeEmpty("a sign-in lost to a power cut is only signed in again");
        var session = await host.AuthenticateAsync(issued.SessionToken);

        await host.RevokeAsync(session!.UserId, session.SessionId);

        recorder.Settings.Should().Equal("PRAGMA synchronous = FULL;", "PRAGMA synchronous = NORMAL;");
    }

    [Fact]
    public async Task Start_up_migrates_a_new_database_file_into_write_ahead_logging()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().NotBeEmpty();
        var journalMode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        journalMode.Should().Be("wal");
        (await _host.Database.ExistsAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Sessions_are_found_by_the_hash_of_their_token_which_is_all_the_database_keeps()
    {
        var issued = await _host.SignInAsync(GoogleTokens.Payload());
        // Computed here, not by the product: SHA-256 of the cookie value's bytes.
        var expectedHash = SHA256.HashData(Encoding.ASCII.GetBytes(issued.SessionToken));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions.SingleAsync();
            stored.TokenHash.Should().Equal(expectedHash);
            var session = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().FindByTokenHashAsync(expectedHash, CancellationToken.None);
            session.Should().NotBeNull();
            session!.UserId.Should().Be(issued.User.Id);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var contents = new List<byte[]>();
        foreach (var file in new[] { _host.Database.SqliteFile, _host.Database.SqliteFile + "-wal" }.Where(File.Exists))
        {
            contents.Add(await File.ReadAllBytesAsync(file));
        }

        // The scan can see the session row (its hash is there), and neither form of the token is.
        contents.Should().Contain(bytes => Holds(bytes, expectedHash));
        var tokenText = Encoding.ASCII.GetBytes(issued.SessionToken);
        var tokenBytes = Base64Url.DecodeFromChars(issued.SessionToken);
        tokenBytes.Should().HaveCount(32);
        contents.Should().OnlyContain(bytes => !Holds(bytes, tokenText), "the database must not hold the token's text");
        contents.Should().OnlyContain(bytes => !Holds(bytes, tokenBytes), "the database must not hold the token's raw bytes");
    }

    private static bool Holds(byte[] file, byte[] value) => file.AsSpan().IndexOf(value) >= 0;

    /// <summary>Every change of the synchronous setting the app makes.</summary>
    private sealed class SynchronousSettingRecorder : DbCommandInterceptor
    {
        public List<string> Settings { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command,
            CommandEventData eventData,
            InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("synchronous =", StringComparison.Ordinal))
            {
                Settings.Add(command.CommandText);
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
