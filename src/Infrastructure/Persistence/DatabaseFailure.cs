using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence;

/// <summary>
/// Tells a database that cannot serve right now, and requests that lost to parallel ones, from faults of the
/// request or of this application (which stay 500s).
/// </summary>
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
    /// Whether the exception, or one it wraps (EF Core's, Data Protection's), says the database is down,
    /// unreachable, shutting down or starting, out of connections or space, or locked too long: worth a 503
    /// and another try.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // The server answered: by its state, never by Npgsql's "transient", which also covers deadlocks and
        // states that are programming errors.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || // connection
            postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || // insufficient resources
            postgres.SqlState is "57P01" or "57P02" or "57P03" or "58030", // shutting down, starting; I/O error
        // The server could not be reached, or stopped answering: refused, reset, timed out.
        NpgsqlException { IsTransient: true } => true,
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteIoError or SqliteFull or SqliteCannotOpen } => true,
        { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };

    /// <summary>
    /// Whether PostgreSQL gave up on the request for a parallel one (a deadlock, a serialization failure): it
    /// changed nothing, and another try may well succeed.
    /// </summary>
    public static bool IsLostToParallelRequest(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => true,
        { InnerException: { } inner } => IsLostToParallelRequest(inner),
        _ => false,
    };
}
