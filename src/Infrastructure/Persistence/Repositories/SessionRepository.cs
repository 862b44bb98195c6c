using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SessionRepository(AppDbContext db) : ISessionRepository
{
    public Task<Session?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == tokenHash, cancellationToken);

    public async Task<(Session Session, bool UserIsActive)?> FindByTokenHashWithUserStatusAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        var found = await db.Sessions
            .Where(s => s.TokenHash == tokenHash)
            .Select(s => new { Session = s, UserIsActive = db.Users.Any(u => u.Id == s.UserId && u.IsActive) })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Session, found.UserIsActive);
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
        var beyond = await ActiveByUser(userId, now, lifetime)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id)
            .Skip(newestToKeep)
            .ToListAsync(cancellationToken);
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
}
