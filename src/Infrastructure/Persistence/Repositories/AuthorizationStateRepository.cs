using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class AuthorizationStateRepository(AppDbContext db, SqliteWriteLock sqliteWriteLock) : IAuthorizationStateRepository
{
    public void Add(AuthorizationState state) => db.AuthorizationStates.Add(state);

    public Task<AuthorizationState?> FindAsync(byte[] hash, CancellationToken cancellationToken) =>
        db.AuthorizationStates.AsNoTracking().FirstOrDefaultAsync(s => s.Hash == hash, cancellationToken);

    // One DELETE both uses the state up and says who did: of two callbacks racing on any instances sharing
    // the database, exactly one deletes the row.
    public async Task<bool> TryRemoveAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var row = db.AuthorizationStates.Where(s => s.Hash == hash);
        return await sqliteWriteLock.WriteAsync(db, () => row.ExecuteDelete(), () => row.ExecuteDeleteAsync(cancellationToken)) == 1;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.AuthorizationStates.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
}
