using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoogleLogin.Infrastructure.Persistence.Sqlite;

/// <summary>Per-connection SQLite settings, which SQLite does not keep in the database file.</summary>
internal sealed class SqliteConnectionInterceptor : DbConnectionInterceptor
{
    // Concurrent writers wait for the lock instead of failing with "database is locked".
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
