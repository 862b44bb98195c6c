using GoogleLogin.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Holds;

/// <summary>
/// The users this request holds until its save ends (<see cref="Application.Common.Interfaces.IUserRepository.HoldAsync"/>).
/// Rules that read a user's logins or sessions and then write (at most so many sessions, never the last
/// login, the sessions of a removed login) hold when run in parallel only if each request reads after the
/// others have saved.
/// </summary>
/// <remarks>
/// On PostgreSQL the user's row is locked (<c>FOR NO KEY UPDATE</c>: not against the key-share locks that
/// inserting a session or an event of the user takes) in a transaction the save commits, so the instances
/// wait for each other. SQLite locks the whole database, and only while it writes; one process
/// serves a SQLite database, so a lock per user in that process does it (<see cref="SqliteUserLocks"/>),
/// released when the save ends or the request does.
/// </remarks>
internal sealed class UserHolds(AppDbContext db, SqliteUserLocks sqliteUserLocks) : IDisposable
{
    private readonly Dictionary<Guid, IDisposable> _sqliteHeld = [];

    public async Task HoldAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            if (db.Database.CurrentTransaction is null)
            {
                await db.Database.BeginTransactionAsync(cancellationToken);
            }

            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Users\" WHERE \"Id\" = {userId} FOR NO KEY UPDATE", cancellationToken);
        }
        else if (!_sqliteHeld.ContainsKey(userId))
        {
            _sqliteHeld.Add(userId, await sqliteUserLocks.AcquireAsync(userId, cancellationToken));
        }
    }

    /// <summary>
    /// After the save, or to start over: on SQLite the next request may read. (PostgreSQL's lock ends with the
    /// transaction, which the save commits and starting over rolls back.)
    /// </summary>
    public void Release()
    {
        foreach (var held in _sqliteHeld.Values)
        {
            held.Dispose();
        }

        _sqliteHeld.Clear();
    }

    public void Dispose() => Release();
}
