using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence;

/// <summary>Tells a database that cannot serve right now from a fault of the request or of this application.</summary>
public static class DatabaseFailure
{
    // SQLite's primary result codes: another process holds the file past the busy timeout, the disk failed or
    // is full, or the file cannot be opened.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;

    /// <summary>
    /// Whether the exception says the database is down, unreachable, restarting, out of connections or
    /// space, or locked too long: worth a 503 and another try, not a 500.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Connection refused, reset or timed out, and the server states Npgsql deems worth retrying.
        NpgsqlException { IsTransient: true } => true,
        // Class 08 (connection), 53 (insufficient resources), 57P (shut down or starting).
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) ||
            postgres.SqlState.StartsWith("53", StringComparison.Ordinal) ||
            postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteIoError or SqliteFull or SqliteCannotOpen } => true,
        // EF Core wraps what a save or a query met.
        DbUpdateException { InnerException: { } inner } => IsUnavailable(inner),
        InvalidOperationException { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };
}
