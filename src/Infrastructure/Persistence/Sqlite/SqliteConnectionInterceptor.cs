using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoogleLogin.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Per-connection SQLite settings, which SQLite does not keep in the database file. They belong to the
/// physical connection, which the pool keeps open across many logical opens: set once per physical
/// connection, not on every request.
/// </summary>
internal sealed class SqliteConnectionInterceptor : DbConnectionInterceptor
{
    // Concurrent writers wait for the lock instead of failing with "database is locked". In WAL mode,
    // synchronous NORMAL syncs the log at checkpoints rather than at every commit: a commit survives the
    // app crashing at once, and a power loss or OS crash once the log is next synced. Sign-outs are
    // synced before they are answered (UnitOfWork), so no power loss brings a signed-out session back.
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    // The pooled native handles already set up; an entry goes when its handle is collected.
    private static readonly object Configured = new();
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNewPhysicalConnection(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNewPhysicalConnection(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool IsNewPhysicalConnection(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, Configured);
}
