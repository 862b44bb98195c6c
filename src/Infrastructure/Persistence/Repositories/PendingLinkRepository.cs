using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class PendingLinkRepository(AppDbContext db, SqliteWriteLock sqliteWriteLock) : IPendingLinkRepository
{
    public void Add(PendingLink pendingLink) => db.PendingLinks.Add(pendingLink);

    public Task<PendingLink?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.PendingLinks.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<PendingLink>> ListUnexpiredBySessionAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.PendingLinks.Where(p => p.SessionId == sessionId && p.ExpiresAt > now).ToListAsync(cancellationToken);

    // One DELETE both uses the pending link up and says who did: of two confirmations racing on any instances
    // sharing the database, exactly one deletes the row.
    public async Task<bool> TryRemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = db.PendingLinks.Where(p => p.Id == id);
        return await sqliteWriteLock.WriteAsync(db, () => row.ExecuteDelete(), () => row.ExecuteDeleteAsync(cancellationToken)) == 1;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.PendingLinks.Where(p => p.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
}
