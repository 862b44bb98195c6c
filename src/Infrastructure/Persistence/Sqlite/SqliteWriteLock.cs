namespace GoogleLogin.Infrastructure.Persistence.Sqlite;

/// <summary>
/// One writer at a time in this process. SQLite lets one connection write; the others would wait in its
/// busy handler, which sleeps (1 ms, then 2, 5, 10…). A lock hands the database to the next writer the
/// moment the last one commits. A write runs synchronously inside it: SQLite's driver does its work
/// synchronously anyway, and an async wait would put each next writer at the back of the thread pool's
/// queue, leaving the database idle behind every other request in flight (measured: 40% fewer sign-ins).
/// </summary>
internal sealed class SqliteWriteLock
{
    private readonly Lock _lock = new();

    public T Write<T>(Func<T> write)
    {
        lock (_lock)
        {
            return write();
        }
    }
}
