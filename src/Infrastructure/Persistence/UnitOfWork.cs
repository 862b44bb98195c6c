using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence;

internal sealed class UnitOfWork(AppDbContext db) : IUnitOfWork
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            // One SaveChanges is one transaction: a new user and its first session land together or not at all.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsDuplicateLogin(exception))
        {
            // The transaction is rolled back (PostgreSQL could run nothing more in it anyway). Forget the
            // failed inserts so the caller can load the winner and try again in a new one.
            db.ChangeTracker.Clear();
            throw new ExternalIdentityAlreadyRegisteredException(exception);
        }
    }

    /// <summary>The insert of an (issuer, subject) login lost to an equal one: a new user, or a new link.</summary>
    private static bool IsDuplicateLogin(DbUpdateException exception) =>
        IsExternalLoginKeyViolation(exception.InnerException) &&
        exception.Entries.Any(e => e.Entity is ExternalIdentity && e.State == EntityState.Added);

    private static bool IsExternalLoginKeyViolation(Exception? exception) => exception switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } sqlite =>
            sqlite.Message.Contains("ExternalLogins.Issuer", StringComparison.Ordinal),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres =>
            postgres.ConstraintName == "PK_ExternalLogins",
        _ => false,
    };
}
