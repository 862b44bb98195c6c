using GoogleLogin.Application.Audit;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence.Holds;
using GoogleLogin.Infrastructure.Persistence.Repositories;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence;

internal sealed class UnitOfWork(AppDbContext db, SqliteWriteLock sqliteWriteLock, UserHolds holds, IOptions<AuditOptions> auditOptions) : IUnitOfWork
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        var synced = db is SqliteAppDbContext && EndsSessionsWithoutOpeningOne();
        var recording = UsersRecordingEvents();
        // Begun by a hold on a user (UserHolds, on PostgreSQL): committed with this save, and rolled back when it fails.
        await using var transaction = db.Database.CurrentTransaction;
        try
        {
            if (synced)
            {
                // Set outside the transaction, which SQLite requires; the connection stays open until reset.
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = FULL;", cancellationToken);
            }

            // One SaveChanges is one transaction: a new user and its first session land together or not at all.
            await sqliteWriteLock.WriteAsync(db, () => SaveKeepingNewestEvents(recording), () => SaveKeepingNewestEventsAsync(recording, cancellationToken));
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException exception)
        {
            // An update or delete found its row gone or changed: a request that held nothing (or read before it
            // held) lost to one that saved first. Nothing is saved; the caller may read again.
            db.ChangeTracker.Clear();
            throw new ChangedMeanwhileException(exception);
        }
        catch (DbUpdateException exception) when (IsDuplicateLogin(exception))
        {
            // The transaction is rolled back (PostgreSQL could run nothing more in it anyway). Forget the
            // failed inserts so the caller can load the winner and try again in a new one.
            db.ChangeTracker.Clear();
            throw new ExternalIdentityAlreadyRegisteredException(exception);
        }
        finally
        {
            holds.Release();
            if (synced)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = NORMAL;", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    public async Task DiscardAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.RollbackAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        holds.Release();
    }

    private Guid[] UsersRecordingEvents() =>
        db.ChangeTracker.Entries<SecurityEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.UserId).Distinct().ToArray();

    /// <summary>
    /// Saves, then drops the oldest events of each user recording one beyond <see cref="AuditOptions.MaxEventsPerUser"/>,
    /// in the save's transaction: the limit holds at every commit.
    /// </summary>
    private int SaveKeepingNewestEvents(Guid[] recording)
    {
        if (recording.Length == 0)
        {
            return db.SaveChanges();
        }

        using var transaction = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        var saved = db.SaveChanges();
        foreach (var userId in recording)
        {
            SecurityEventRepository.BeyondNewest(db, userId, auditOptions.Value.MaxEventsPerUser).ExecuteDelete();
        }

        transaction?.Commit();
        return saved;
    }

    private async Task<int> SaveKeepingNewestEventsAsync(Guid[] recording, CancellationToken cancellationToken)
    {
        if (recording.Length == 0)
        {
            return await db.SaveChangesAsync(cancellationToken);
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await db.SaveChangesAsync(cancellationToken);
        foreach (var userId in recording)
        {
            await SecurityEventRepository.BeyondNewest(db, userId, auditOptions.Value.MaxEventsPerUser).ExecuteDeleteAsync(cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    /// <summary>
    /// A sign-out, a revocation or a disabled user: what must not come back after a power loss. A sign-in
    /// also ends sessions (the one the browser presented, the oldest beyond the limit), but the session it
    /// opens is lost with them, and the browser holds only the new cookie.
    /// </summary>
    private bool EndsSessionsWithoutOpeningOne()
    {
        var ends = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry)
            {
                case { Entity: Session, State: EntityState.Added }:
                    return false;
                case { Entity: Session session, State: EntityState.Modified } when session.IsRevoked:
                case { Entity: User { IsActive: false }, State: EntityState.Modified }:
                    ends = true;
                    break;
            }
        }

        return ends;
    }

    /// <summary>The insert of an (issuer, subject) login lost to an equal one: a new user, or a new link.</summary>
    private static bool IsDuplicateLogin(DbUpdateException exception) =>
        IsExternalLoginKeyViolation(exception.InnerException) &&
        exception.Entries.Any(e => e.Entity is UserLogin && e.State == EntityState.Added);

    private static bool IsExternalLoginKeyViolation(Exception? exception) => exception switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } sqlite =>
            sqlite.Message.Contains("ExternalLogins.Issuer", StringComparison.Ordinal),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres =>
            postgres.ConstraintName == "PK_ExternalLogins",
        _ => false,
    };
}
