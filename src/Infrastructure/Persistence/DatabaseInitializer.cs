using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence;

public static partial class DatabaseInitializer
{
    private const int MigrationAttempts = 10;

    /// <summary>The PostgreSQL advisory lock under which an instance looks for, and makes, the first Data Protection key.</summary>
    private const long FirstDataProtectionKeyLock = 0x476F6F676C654450; // "GoogleDP"

    /// <summary>
    /// Creates the database if it is missing and applies pending migrations. Several instances may start at
    /// once on one PostgreSQL database: EF Core's migration lock lets one of them migrate while the others
    /// wait, and the races it does not cover (two instances creating the database, or the history table,
    /// at the same moment) end in a retry that finds the work done.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Only PostgreSQL's instances migrate one database side by side.
            var appliedBefore = db is PostgresAppDbContext ? await CountAppliedMigrationsAsync(services, cancellationToken) : 0;
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                if (db is SqliteAppDbContext)
                {
                    // WAL lets readers run while one request writes; it is a property of the file, set once.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
                }

                await EnsureADataProtectionKeyAsync(services, db, cancellationToken);
                return;
            }
            catch (PostgresException exception) when (IsLostCreationRace(exception) && attempt < MigrationAttempts)
            {
                LogLostCreationRace(logger, exception.SqlState, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (PostgresException exception) when (attempt < MigrationAttempts)
            {
                // EF Core's lock on PostgreSQL lasts one migration's transaction, and the list of pending
                // migrations is read once: with two or more pending, another instance can apply the next one
                // between ours, and ours then fails on what it finds done. Migrating again finds the rest. A
                // failure while nobody else made progress is the migration's own, and is not retried.
                if (await CountAppliedMigrationsAsync(services, cancellationToken) <= appliedBefore)
                {
                    throw;
                }

                LogLostCreationRace(logger, exception.SqlState, attempt);
            }
        }
    }

    /// <summary>
    /// Makes the first Data Protection key before the app serves, one instance at a time (a PostgreSQL advisory
    /// lock; SQLite serves one instance). Left to Data Protection, instances starting together on an empty
    /// database would each make a key of their own and refuse the others' redirect states until their key rings
    /// refresh (24 h); here the first makes it and the others find it, so all start with one key ring.
    /// </summary>
    private static async Task EnsureADataProtectionKeyAsync(IServiceProvider services, AppDbContext db, CancellationToken cancellationToken)
    {
        var lockDatabase = db is PostgresAppDbContext;
        if (lockDatabase)
        {
            // Session-level: the connection stays open until released below (Data Protection saves on its own).
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({FirstDataProtectionKeyLock})", cancellationToken);
        }

        try
        {
            var keys = services.GetRequiredService<IKeyManager>();
            var now = DateTimeOffset.UtcNow;
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                keys.CreateNewKey(now, now + services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
            }
        }
        finally
        {
            if (lockDatabase)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({FirstDataProtectionKeyLock})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>How many migrations the database records as applied; none when it cannot be read yet (no database).</summary>
    private static async Task<int> CountAppliedMigrationsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            return (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
        }
        catch (Exception exception) when (exception is PostgresException or NpgsqlException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Another instance created the database, or EF Core's history table, a moment earlier. Only these:
    /// a migration failing on its own (a unique index over duplicate rows, say) is not retried.
    /// </summary>
    private static bool IsLostCreationRace(PostgresException exception) => exception switch
    {
        { SqlState: PostgresErrorCodes.DuplicateDatabase } => true,
        // Two CREATE DATABASE, or two CREATE TABLE IF NOT EXISTS, at once: the loser trips over the winner's catalog row.
        { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pg_database_datname_index" or "pg_type_typname_nsp_index" } => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance is creating or migrating the database (SQLSTATE {SqlState}); migrating again (attempt {Attempt})")]
    private static partial void LogLostCreationRace(ILogger logger, string sqlState, int attempt);
}
