using System.Net.Sockets;
using System.Security.Cryptography;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>
/// Which failures are the database's outage (503), which a request lost to a parallel one (409), and which
/// stay faults (500), by the exceptions the drivers raise and the wrappers they arrive in.
/// </summary>
public sealed class DatabaseFailureTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    public static TheoryData<string, Exception> Outages => new()
    {
        { "refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "reset", new NpgsqlException("Exception while reading from stream", new IOException("reset")) },
        { "timed out", new NpgsqlException("Timeout", new TimeoutException()) },
        { "admin shutdown", Postgres("57P01") },
        { "starting up", Postgres("57P03") },
        { "too many connections", Postgres("53300") },
        { "disk full", Postgres("53100") },
        { "connection failure", Postgres("08006") },
        { "SQLite busy", new SqliteException("database is locked", 5) },
        { "SQLite disk full", new SqliteException("database or disk is full", 13) },
        { "SQLite cannot open", new SqliteException("unable to open database file", 14) },
        { "in a save", new DbUpdateException("save", new SqliteException("database is locked", 5)) },
        { "in EF Core's wrapper", new InvalidOperationException("transient", new NpgsqlException("reset", new IOException())) },
        { "in Data Protection's key ring", new CryptographicException("key ring", new InvalidOperationException("query", Postgres("57P01"))) },
    };

    public static TheoryData<string, Exception> Faults => new()
    {
        { "unique violation", Postgres("23505") },
        { "a programming error Npgsql calls transient", Postgres("55000") },
        { "lock not available", Postgres("55P03") },
        { "syntax", Postgres("42601") },
        { "SQLite constraint", new SqliteException("UNIQUE constraint failed", 19) },
        { "an unrelated wrapper", new InvalidOperationException("bug", new ArgumentException("bad")) },
        { "a forged state", new CryptographicException("The payload was invalid.") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_is_unavailable(string name, Exception exception)
    {
        DatabaseFailure.IsUnavailable(exception).Should().BeTrue(name);
        DatabaseFailure.IsLostToParallelRequest(exception).Should().BeFalse(name);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_fault_is_neither_an_outage_nor_lost_to_a_parallel_request(string name, Exception exception)
    {
        DatabaseFailure.IsUnavailable(exception).Should().BeFalse(name);
        DatabaseFailure.IsLostToParallelRequest(exception).Should().BeFalse(name);
    }

    [Theory]
    [InlineData("40P01")]
    [InlineData("40001")]
    public void A_deadlock_or_serialization_failure_is_lost_to_a_parallel_request_not_an_outage(string sqlState)
    {
        var exception = new DbUpdateException("save", Postgres(sqlState));

        DatabaseFailure.IsLostToParallelRequest(exception).Should().BeTrue();
        DatabaseFailure.IsUnavailable(exception).Should().BeFalse();
    }
}
