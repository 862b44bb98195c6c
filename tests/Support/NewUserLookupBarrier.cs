using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// Holds the first <paramref name="participants"/> lookups of a user by their login until all have run,
/// so parallel first sign-ins of one account all look the user up, find nobody, and race to insert it.
/// It holds the lookup, not the save: on SQLite saves take turns behind a lock, where a held save would
/// keep the others from ever arriving. Later lookups (a retry after losing the race) pass at once.
/// </summary>
public sealed class NewUserLookupBarrier(int participants) : DbCommandInterceptor
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    /// <summary>Lookups held until all had run: each found nobody, since no insert could come before them.</summary>
    public int Arrivals => Math.Min(Volatile.Read(ref _arrivals), participants);

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsLookupByLogin(command.CommandText))
        {
            var arrival = Interlocked.Increment(ref _arrivals);
            if (arrival == participants)
            {
                _allArrived.TrySetResult();
            }

            if (arrival <= participants)
            {
                await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }

        return result;
    }

    // UserRepository.FindByExternalIdentityAsync: the users whose login has this issuer and subject.
    internal static bool IsLookupByLogin(string sql) =>
        sql.Contains("\"ExternalLogins\"", StringComparison.Ordinal) && sql.Contains("@issuer", StringComparison.Ordinal);
}
