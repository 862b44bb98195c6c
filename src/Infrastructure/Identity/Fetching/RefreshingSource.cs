using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.Infrastructure.Identity.Fetching;

/// <summary>A value just fetched, with the times its user sets for it.</summary>
/// <param name="RenewAt">From then on, serving it starts a fetch of a newer one in the background.</param>
/// <param name="ExpiresAt">From then on, a caller waits for a newer one, unless the last fetch failed or one is under way.</param>
internal sealed record Fetched<T>(T Value, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);

/// <summary>What a caller gets: the value held (null when none is), and whether the latest fetch failed.</summary>
internal readonly record struct FetchOutcome<T>(T? Value, bool FetchFailed)
    where T : class;

/// <summary>How soon a failed fetch is tried again: after <paramref name="First"/>, doubling with each failure in a row up to <paramref name="Max"/>.</summary>
internal readonly record struct FailureRetry(TimeSpan First, TimeSpan Max)
{
    /// <summary>The wait after the <paramref name="failuresInARow"/>th failure in a row (1 for the first).</summary>
    public TimeSpan After(int failuresInARow)
    {
        var wait = First;
        for (var failure = 1; failure < failuresInARow && wait < Max; failure++)
        {
            wait *= 2;
        }

        return wait < Max ? wait : Max;
    }

    /// <summary>What is wrong with a section's <c>FailureRetryMin</c> and <c>FailureRetryMax</c>, naming the keys.</summary>
    public static IEnumerable<ValidationResult> Validate(string section, TimeSpan min, TimeSpan max)
    {
        // Under a second, a server that is down would be asked many times a second.
        if (min < TimeSpan.FromSeconds(1) || min > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{section}:FailureRetryMin must be between 00:00:01 and 01:00:00.", ["FailureRetryMin"]);
        }

        if (max < min || max > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{section}:FailureRetryMax must be between {section}:FailureRetryMin and 01:00:00.", ["FailureRetryMax"]);
        }
    }
}

/// <summary>
/// A value fetched from a remote server (a key set, a discovery document) and held, so that callers
/// seldom wait for the network. One fetch at a time, which every caller that needs it joins; renewal in
/// the background before the value expires; after a failed fetch, none until a short retry wait has
/// passed (doubling with each failure in a row, up to a ceiling), while the held value is still served
/// and every caller meanwhile is told at once that the fetch failed; a caller waits for a fetch no longer
/// than the fetch timeout. Every decision is taken under one lock, so a caller never pairs the state of
/// one fetch with another's.
/// </summary>
/// <param name="fetch">Fetches the value; its token is cancelled after the fetch timeout.</param>
/// <param name="onFetchFailed">Told of each failed fetch, and whether a value is held meanwhile.</param>
/// <remarks>
/// The schedule (renewal, expiry, retry) follows <paramref name="timeProvider"/>; the fetch timeout is
/// real time, since it bounds a wait on the network, whatever clock the schedule is read from.
/// </remarks>
internal sealed class RefreshingSource<T>(
    Func<CancellationToken, Task<Fetched<T>>> fetch,
    Action<Exception, bool> onFetchFailed,
    TimeSpan fetchTimeout,
    FailureRetry failureRetry,
    TimeProvider timeProvider)
    where T : class
{
    private readonly Lock _lock = new();
    private volatile Fetched<T>? _held;
    private bool _lastFetchFailed;
    private int _failuresInARow;
    private Task<FetchOutcome<T>>? _inFlight;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastDemandedAt = DateTimeOffset.MinValue;

    /// <summary>The value held, or null until a fetch has succeeded.</summary>
    public T? Held => _held?.Value;

    private bool IsFetching => _inFlight is { IsCompleted: false };

    /// <summary>
    /// The held value, at once, renewed in the background once due. Past its expiry, when the last fetch
    /// succeeded and none is under way, the outcome of a new one instead, so that a value the server has
    /// withdrawn stops being served on time. With nothing held, the fetch under way, or a new one once
    /// the retry wait since the last failure has passed; before that, the failure at once.
    /// </summary>
    public ValueTask<FetchOutcome<T>> GetAsync(CancellationToken cancellationToken)
    {
        Task<FetchOutcome<T>> fetchToAwait;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (_held is { } held)
            {
                if (now < held.ExpiresAt || _lastFetchFailed || IsFetching)
                {
                    if (now >= held.RenewAt && now >= _retryAt)
                    {
                        _ = StartOrJoinFetch();
                    }

                    return ValueTask.FromResult(new FetchOutcome<T>(held.Value, _lastFetchFailed));
                }

                fetchToAwait = StartOrJoinFetch();
            }
            else if (IsFetching || now >= _retryAt)
            {
                fetchToAwait = StartOrJoinFetch();
            }
            else
            {
                return ValueTask.FromResult(new FetchOutcome<T>(null, FetchFailed: true));
            }
        }

        return new ValueTask<FetchOutcome<T>>(AwaitFetchAsync(fetchToAwait, cancellationToken));
    }

    /// <summary>
    /// For a caller the held value does not serve (it lacks what the caller looks for, or is too old to
    /// use): the fetch under way; else, once the retry wait since the last failure has passed, a new one
    /// when nothing is held, when the value has expired, or when no caller has demanded one for
    /// <paramref name="demandInterval"/> (so that a flood of requests for what the server does not have
    /// costs at most one fetch per interval, while what the server has newly published is fetched within
    /// one); else, at once, the outcome of the latest fetch.
    /// </summary>
    public ValueTask<FetchOutcome<T>> FetchNewerAsync(TimeSpan demandInterval, CancellationToken cancellationToken)
    {
        Task<FetchOutcome<T>> fetchToAwait;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            var held = _held;
            var retryAllowed = now >= _retryAt;
            if (IsFetching || (retryAllowed && (held is null || now >= held.ExpiresAt)))
            {
                fetchToAwait = StartOrJoinFetch();
            }
            else if (retryAllowed && now - _lastDemandedAt >= demandInterval)
            {
                _lastDemandedAt = now;
                fetchToAwait = StartOrJoinFetch();
            }
            else
            {
                return ValueTask.FromResult(new FetchOutcome<T>(held?.Value, _lastFetchFailed));
            }
        }

        return new ValueTask<FetchOutcome<T>>(AwaitFetchAsync(fetchToAwait, cancellationToken));
    }

    /// <summary>Called under the lock.</summary>
    private Task<FetchOutcome<T>> StartOrJoinFetch()
    {
        if (_inFlight is { IsCompleted: false } running)
        {
            return running;
        }

        // Not tied to any one caller: a caller that gives up must not cancel the fetch for the others.
        return _inFlight = Task.Run(FetchAndHoldAsync);
    }

    private async Task<FetchOutcome<T>> AwaitFetchAsync(Task<FetchOutcome<T>> fetchToAwait, CancellationToken cancellationToken)
    {
        try
        {
            return await fetchToAwait.WaitAsync(fetchTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The fetch times itself out shortly; this caller does not wait for that.
            return new FetchOutcome<T>(Held, FetchFailed: true);
        }
    }

    private async Task<FetchOutcome<T>> FetchAndHoldAsync()
    {
        var attemptedAt = timeProvider.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(fetchTimeout);
            var fetched = await fetch(timeout.Token);
            lock (_lock)
            {
                _held = fetched;
                _lastFetchFailed = false;
                _failuresInARow = 0;
            }

            return new FetchOutcome<T>(fetched.Value, FetchFailed: false);
        }
        catch (Exception exception)
        {
            // Whatever went wrong (a bad answer included), the server counts as unavailable, never as a
            // crash for the callers waiting; the held value keeps being served, and the server is asked
            // again after the retry wait rather than on every call: soon, so that a server back from an
            // outage is used within seconds, yet less often the longer it stays down.
            Fetched<T>? held;
            lock (_lock)
            {
                held = _held;
                _lastFetchFailed = true;
                _failuresInARow++;
                _retryAt = attemptedAt + failureRetry.After(_failuresInARow);
            }

            onFetchFailed(exception, held is not null);
            return new FetchOutcome<T>(held?.Value, FetchFailed: true);
        }
    }
}
