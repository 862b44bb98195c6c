using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SessionRepository(AppDbContext db, SqliteWriteLock sqliteWriteLock) : ISessionRepository
{
    // Compiled once: the session check is the query every request runs, and translating it each time
    // would cost more than running it.
    private static readonly CompiledPerModel<Func<AppDbContext, byte[], Task<SessionWithUser?>>> FindWithUserByTokenHash = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, byte[] tokenHash) => db.Sessions
            .AsNoTracking()
            .Where(s => s.TokenHash == tokenHash)
            .Join(
                db.Users,
                s => s.UserId,
                u => u.Id,
                // The user's columns the API shows, not the user: that would bring its logins along.
                (s, u) => new SessionWithUser(
                    s,
                    new UserDto { Id = u.Id, Email = u.Email, FirstName = u.FirstName, LastName = u.LastName, PictureUrl = u.PictureUrl },
                    u.IsActive))
            .FirstOrDefault()));

    // The two reads of every sign-in (the session the browser presented, the user's sessions beyond the
    // limit), compiled for the same reason.
    private static readonly CompiledPerModel<Func<AppDbContext, byte[], CancellationToken, Task<Session?>>> FindByTokenHash = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, byte[] tokenHash, CancellationToken _) =>
            db.Sessions.FirstOrDefault(s => s.TokenHash == tokenHash)));

    private static readonly CompiledPerModel<Func<AppDbContext, Guid, DateTimeOffset, DateTimeOffset, int, IAsyncEnumerable<Session>>> ActiveByUserBeyondNewest = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid userId, DateTimeOffset now, DateTimeOffset idleSince, int newestToKeep) => db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now && s.LastSeenAt > idleSince)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id)
            .Skip(newestToKeep)));

    public Task<Session?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        FindByTokenHash.For(db)(db, tokenHash, cancellationToken);

    public async Task<(Session Session, UserDto User, bool UserIsActive)?> FindWithUserByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        await FindWithUserByTokenHash.For(db)(db, tokenHash) is { } found ? (found.Session, found.User, found.UserIsActive) : null;

    // On SQLite in turn with the other writes (SqliteWriteLock says why): a burst of sessions coming back
    // at once would otherwise sleep in SQLite's busy handler.
    public Task RecordUseAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        var due = db.Sessions.Where(s => s.Id == sessionId && s.LastSeenAt < lastSeenAt);
        return sqliteWriteLock.WriteAsync(
            db,
            () => due.ExecuteUpdate(setters => setters.SetProperty(s => s.LastSeenAt, lastSeenAt)),
            () => due.ExecuteUpdateAsync(setters => setters.SetProperty(s => s.LastSeenAt, lastSeenAt), cancellationToken));
    }

    public async Task<IReadOnlyList<Session>> ListActiveByUserAsync(Guid userId, DateTimeOffset now, SessionLifetime lifetime, CancellationToken cancellationToken) =>
        await ActiveByUser(userId, now, lifetime)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Session>> ListActiveByUserBeyondNewestAsync(
        Guid userId,
        int newestToKeep,
        DateTimeOffset now,
        SessionLifetime lifetime,
        CancellationToken cancellationToken)
    {
        var beyond = new List<Session>();
        await foreach (var session in ActiveByUserBeyondNewest.For(db)(db, userId, now, now - lifetime.IdleTimeout, newestToKeep).WithCancellation(cancellationToken))
        {
            beyond.Add(session);
        }

        beyond.Reverse();
        return beyond;
    }

    public void Add(Session session) => db.Sessions.Add(session);

    // One set-based DELETE: run by every instance at once, each deletes what is left, and none fails.
    public Task<int> DeleteEndedAsync(DateTimeOffset now, SessionLifetime lifetime, CancellationToken cancellationToken)
    {
        var idleSince = now - lifetime.IdleTimeout;
        return db.Sessions
            .Where(s => s.RevokedAt != null || s.ExpiresAt <= now || s.LastSeenAt <= idleSince)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="Session.IsActiveAt"/> as SQL: times are stored as sortable integers, so the idle
    /// timeout becomes a cut-off computed here rather than arithmetic in the query.
    /// </summary>
    private IQueryable<Session> ActiveByUser(Guid userId, DateTimeOffset now, SessionLifetime lifetime)
    {
        var idleSince = now - lifetime.IdleTimeout;
        return db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now && s.LastSeenAt > idleSince);
    }

    private sealed record SessionWithUser(Session Session, UserDto User, bool UserIsActive);
}
