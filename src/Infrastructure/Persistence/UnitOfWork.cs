using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence;

internal sealed class UnitOfWork(AppDbContext db) : IUnitOfWork
{
    private const int SqliteConstraintUnique = 2067;

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            // One SaveChanges is one transaction: a new user and its first session land together or not at all.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsDuplicateNewUser(exception))
        {
            // Forget the failed inserts so the caller can load the winner and try again.
            db.ChangeTracker.Clear();
            throw new ExternalIdentityAlreadyRegisteredException(exception);
        }
    }

    private static bool IsDuplicateNewUser(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique } sqlite &&
        sqlite.Message.Contains("Users.Issuer", StringComparison.Ordinal) &&
        exception.Entries.Any(e => e.Entity is User && e.State == EntityState.Added);
}
