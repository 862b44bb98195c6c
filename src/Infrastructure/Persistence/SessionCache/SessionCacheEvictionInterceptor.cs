using System.Data.Common;
using System.Runtime.CompilerServices;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace GoogleLogin.Infrastructure.Persistence.SessionCache;

/// <summary>
/// Keeps <see cref="AuthenticatedSessionCache"/> honest about saves made here: once a save that ends a
/// session or changes a user has committed, that user's cached sessions are evicted on this instance
/// (so the next request reads the database), and on PostgreSQL the other instances are told
/// (<see cref="PostgresSessionEvents"/>). Whatever ends a session through the model, now or later, is
/// covered without its handler having to remember the cache.
/// </summary>
/// <remarks>
/// The order matters. The notification is sent inside the save's transaction: PostgreSQL delivers it at
/// commit and drops it on rollback, and a failure to send it fails the save rather than follow a committed
/// one. This instance evicts only after the commit: evicted before it, a request in between could cache the
/// session again from the rows not yet committed, and keep it for the revocation latency.
/// </remarks>
internal sealed class SessionCacheEvictionInterceptor(AuthenticatedSessionCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    // The users a context has saved and not yet committed, and the transaction this interceptor began for them.
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Remember(eventData.Context) is ({ } context, { Length: > 0 } users) && context is PostgresAppDbContext)
        {
            try
            {
                if (context.Database.CurrentTransaction is null)
                {
                    _pending.GetOrCreateValue(context).Owned = context.Database.BeginTransaction();
                }

                PostgresSessionEvents.Announce(context, users);
            }
            catch
            {
                Forget(context);
                throw;
            }
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Remember(eventData.Context) is ({ } context, { Length: > 0 } users) && context is PostgresAppDbContext)
        {
            try
            {
                if (context.Database.CurrentTransaction is null)
                {
                    _pending.GetOrCreateValue(context).Owned = await context.Database.BeginTransactionAsync(cancellationToken);
                }

                await PostgresSessionEvents.AnnounceAsync(context, users, cancellationToken);
            }
            catch
            {
                Forget(context);
                throw;
            }
        }

        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            if (pending.Owned is { } owned)
            {
                // Committing fires TransactionCommitted, which evicts.
                owned.Commit();
                owned.Dispose();
            }
            else if (context.Database.CurrentTransaction is null)
            {
                // SaveChanges's own transaction has committed (or one statement needed none).
                Evict(context);
            }

            // Otherwise the caller's transaction is still open: TransactionCommitted evicts.
        }

        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            if (pending.Owned is { } owned)
            {
                await owned.CommitAsync(cancellationToken);
                await owned.DisposeAsync();
            }
            else if (context.Database.CurrentTransaction is null)
            {
                Evict(context);
            }
        }

        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Forget(context);
        }
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Evict(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Evict(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Forget(context);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <summary>Adds the users the context is about to save to those awaiting its commit, and returns them.</summary>
    private (DbContext? Context, Guid[] Users) Remember(DbContext? context)
    {
        if (context is null)
        {
            return (null, []);
        }

        var users = context.ChangeTracker.Entries()
            .Where(entry => entry.State is EntityState.Modified or EntityState.Deleted)
            .Select(entry => entry.Entity switch
            {
                Session session => session.UserId,
                User user => user.Id,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToArray();
        if (users.Length > 0)
        {
            _pending.GetOrCreateValue(context).Users.UnionWith(users);
        }

        return (context, users);
    }

    /// <summary>After a commit: evicts the users the context saved.</summary>
    private void Evict(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        cache.EvictUsers(pending.Users);
    }

    /// <summary>After a failure: nothing was committed, and the transaction begun here is rolled back.</summary>
    private void Forget(DbContext context)
    {
        if (_pending.TryGetValue(context, out var pending))
        {
            _pending.Remove(context);
            pending.Owned?.Dispose();
        }
    }

    private sealed class Pending
    {
        public HashSet<Guid> Users { get; } = [];

        public IDbContextTransaction? Owned { get; set; }
    }
}
