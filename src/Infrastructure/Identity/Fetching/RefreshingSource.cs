namespace GoogleLogin.Infrastructure.Identity.Fetching;

/// <summary>A value just fetched, with the times its user sets for it.</summary>
/// <param name="RenewAt">From then on, serving it starts a fetch of a newer one in the background.</param>
/// <param name="ExpiresAt">From then on, a caller waits for a newer one, unless the last fetch failed or one is under way.</param>
internal sealed record Fetched<T>(T Value, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);

/// <summary>What a caller gets: the value held (null when none is), and whether the latest fetch failed.</summary>
internal readonly record struct FetchOutcome<T>(T? Value, bool FetchFailed)
    where T : class;

/// <summary>
/// A value fetched from a remote server (a key set, a discovery document) and held, so that callers
/// seldom wait for the network. One fetch at a time, which every caller that needs it joins; renewal in
/// the background before the value expires; after a failed fetch, none for a retry interval while the
/// held value is still served; a caller waits for a fetch no longer than the fetch timeout. Every
/// decision is taken under one lock, so a caller never pairs the state of one fetch with another's.
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
    TimeSpan retryInterval,
    TimeProvider timeProvider)
    where T : class
{
    private readonly Lock _lock = new();
    private volatile Fetched<T>? _held;
    private bool _lastFetchFailed;
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
    /// the retry interval since the last failure has passed.
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
    /// use): the fetch under way; else a new one when the value has expired and the retry interval since
    /// the last failure has passed, or when no caller has demanded one within the retry interval (so that
    /// a flood of requests for what the server does not have is not a flood of fetches); else the
    /// outcome of the latest fetch. With nothing held, always a fetch: there is nothing else to answer with.
    /// </summary>
    public ValueTask<FetchOutcome<T>> FetchNewerAsync(CancellationToken cancellationToken)
    {
        Task<FetchOutcome<T>> fetchToAwait;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            var held = _held;
            var expiredAndRetryAllowed = held is null || (now >= held.ExpiresAt && now >= _retryAt);
            if (IsFetching || expiredAndRetryAllowed)
            {
                fetchToAwait = StartOrJoinFetch();
            }
            else if (now - _lastDemandedAt >= retryInterval)
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
            }

            return new FetchOutcome<T>(fetched.Value, FetchFailed: false);
        }
        catch (Exception exception)
        {
            // Whatever went wrong (a bad answer included), the server counts as unavailable, never as a
            // crash for the callers waiting; the held value keeps being served, and the server is asked
            // again after the retry interval rather than on every call.
            Fetched<T>? held;
            lock (_lock)
            {
                held = _held;
                _lastFetchFailed = true;
                _retryAt = attemptedAt + retryInterval;
            }

            onFetchFailed(exception, held is not null);
            return new FetchOutcome<T>(held?.Value, FetchFailed: true);
        }
    }
}
