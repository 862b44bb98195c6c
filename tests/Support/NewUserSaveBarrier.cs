using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// Holds every save that creates a user until <paramref name="participants"/> of them have arrived,
/// so parallel first sign-ins of one account all look the user up, find nobody, and race to insert it.
/// </summary>
public sealed class NewUserSaveBarrier(int participants) : SaveChangesInterceptor
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    public int Arrivals => Volatile.Read(ref _arrivals);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var addsUser = eventData.Context!.ChangeTracker.Entries<User>().Any(e => e.State == EntityState.Added);
        if (addsUser && Interlocked.Increment(ref _arrivals) == participants)
        {
            _allArrived.TrySetResult();
        }

        if (addsUser)
        {
            await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return result;
    }
}
