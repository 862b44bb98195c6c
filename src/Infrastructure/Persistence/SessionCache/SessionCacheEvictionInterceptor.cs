using System.Runtime.CompilerServices;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoogleLogin.Infrastructure.Persistence.SessionCache;

/// <summary>
/// Keeps <see cref="AuthenticatedSessionCache"/> honest about saves made here: once a save that ends a
/// session or changes a user has committed, that user's cached sessions are evicted on this instance
/// (so the next request reads the database), and on PostgreSQL the other instances are told
/// (<see cref="PostgresSessionEvents"/>). Whatever ends a session through the model, now or later, is
/// covered without its handler having to remember the cache.
/// </summary>
internal sealed class SessionCacheEvictionInterceptor(AuthenticatedSessionCache cache) : SaveChangesInterceptor
{
    // The users a context is saving, from before the save (when the changes are still visible) to after it.
    private readonly ConditionalWeakTable<DbContext, Guid[]> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Evict(eventData.Context) is { Length: > 0 } users && eventData.Context is PostgresAppDbContext context)
        {
            PostgresSessionEvents.Announce(context, users);
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Evict(eventData.Context) is { Length: > 0 } users && eventData.Context is PostgresAppDbContext context)
        {
            // Not the request's token: the save has committed, and the other instances must hear of it.
            await PostgresSessionEvents.AnnounceAsync(context, users, CancellationToken.None);
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            _saving.Remove(context);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is null)
        {
            return;
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
        _saving.AddOrUpdate(context, users);
    }

    /// <summary>Evicts the users the context has just saved, and returns them.</summary>
    private Guid[] Evict(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var users))
        {
            return [];
        }

        _saving.Remove(context);
        cache.EvictUsers(users);
        return users;
    }
}
