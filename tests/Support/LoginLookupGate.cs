using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// Once armed, holds the next lookup of a user by their login until released: a sign-in paused after it has
/// read the user and their logins, and before it saves, while another request changes them.
/// </summary>
public sealed class LoginLookupGate : DbCommandInterceptor
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Completes when the held lookup has run.</summary>
    public Task Reached => _reached.Task;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public void Release() => _released.TrySetResult();

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NewUserLookupBarrier.IsLookupByLogin(command.CommandText) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return result;
    }
}
