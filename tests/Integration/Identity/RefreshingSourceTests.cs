using System.Threading.Channels;
using GoogleLogin.Infrastructure.Identity.Fetching;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>
/// The refreshing source on its own, with fetches the test answers by hand and a clock it moves: a test
/// waits for a fetch to start or a caller to be answered, not for time to pass. The one exception is the
/// fetch timeout, which is real time (it bounds a wait on the network): its test waits out 200 ms.
/// </summary>
public sealed class RefreshingSourceTests
{
    private static readonly FailureRetry FailureRetry = new(First: TimeSpan.FromSeconds(1), Max: TimeSpan.FromSeconds(5));

    private static readonly TimeSpan DemandInterval = TimeSpan.FromSeconds(2);

    /// <summary>Elsewhere than the hanging fetch's test, every fetch is answered long before.</summary>
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Channel<TaskCompletionSource<Fetched<string>>> _started = Channel.CreateUnbounded<TaskCompletionSource<Fetched<string>>>();
    private readonly List<bool> _failures = [];
    private int _fetchCount;

    private RefreshingSource<string> Source(TimeSpan? fetchTimeout = null) => new(
        FetchAsync,
        (_, holdsValue) => _failures.Add(holdsValue),
        fetchTimeout ?? FetchTimeout,
        FailureRetry,
        _time);

    /// <summary>A fetch the test answers: it is handed to the test, which completes it when it wants.</summary>
    private Task<Fetched<string>> FetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetchCount);
        var fetch = new TaskCompletionSource<Fetched<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _started.Writer.TryWrite(fetch);
        return fetch.Task;
    }

    private async Task<TaskCompletionSource<Fetched<string>>> NextFetchAsync() =>
        await _started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Fresh for 100 seconds, renewed from 80.</summary>
    private Fetched<string> Value(string value) =>
        new(value, RenewAt: _time.GetUtcNow() + TimeSpan.FromSeconds(80), ExpiresAt: _time.GetUtcNow() + TimeSpan.FromSeconds(100));

    private async Task<RefreshingSource<string>> SourceHoldingAsync(string value)
    {
        var source = Source();
        var first = source.GetAsync(CancellationToken.None);
        (await NextFetchAsync()).SetResult(Value(value));
        (await first).Value.Should().Be(value);
        return source;
    }

    [Fact]
    public async Task Concurrent_callers_with_nothing_held_share_one_fetch()
    {
        var source = Source();

        var callers = Enumerable.Range(0, 20).Select(_ => source.GetAsync(CancellationToken.None).AsTask()).ToList();
        (await NextFetchAsync()).SetResult(Value("v1"));
        var outcomes = await Task.WhenAll(callers);

        outcomes.Should().AllSatisfy(outcome => outcome.Should().Be(new FetchOutcome<string>("v1", FetchFailed: false)));
        _fetchCount.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_fetch_is_retried_after_a_wait_that_doubles_with_each_failure_up_to_its_ceiling()
    {
        var source = Source();
        var first = source.GetAsync(CancellationToken.None);
        (await NextFetchAsync()).SetException(new HttpRequestException("down"));
        (await first).Should().Be(new FetchOutcome<string>(null, FetchFailed: true));
        _failures.Should().Equal(false);

        // 1 s, 2 s, 4 s, then 5 s (the ceiling) and 5 s again: never sooner, and never later.
        foreach (var wait in new[] { 1, 2, 4, 5, 5 })
        {
            _time.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            var early = source.GetAsync(CancellationToken.None);
            early.IsCompleted.Should().BeTrue("a caller during the retry wait is told of the failure at once");
            (await early).Should().Be(new FetchOutcome<string>(null, FetchFailed: true));
            var fetchesBefore = _fetchCount;

            _time.Advance(TimeSpan.FromMilliseconds(1));
            var retry = source.GetAsync(CancellationToken.None);
            (await NextFetchAsync()).SetException(new HttpRequestException("still down"));
            (await retry).Should().Be(new FetchOutcome<string>(null, FetchFailed: true));
            _fetchCount.Should().Be(fetchesBefore + 1, $"the server is asked again {wait} s after the last failure");
        }

        // Back: it is used at most the ceiling after its last failure, and the wait starts again from the first.
        _time.Advance(FailureRetry.Max);
        var back = source.GetAsync(CancellationToken.None);
        (await NextFetchAsync()).SetResult(Value("v1"));
        (await back).Should().Be(new FetchOutcome<string>("v1", FetchFailed: false));
    }

    [Fact]
    public async Task With_nothing_held_a_caller_that_needs_a_newer_value_is_told_of_the_failure_at_once_until_the_retry_wait_has_passed()
    {
        var source = Source();
        var first = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        (await NextFetchAsync()).SetException(new HttpRequestException("down"));
        (await first).Should().Be(new FetchOutcome<string>(null, FetchFailed: true));

        var callers = Enumerable.Range(0, 20).Select(_ => source.FetchNewerAsync(DemandInterval, CancellationToken.None)).ToList();

        callers.Should().AllSatisfy(caller => caller.IsCompleted.Should().BeTrue("no caller waits on a server that has just failed"));
        _fetchCount.Should().Be(1);

        _time.Advance(FailureRetry.First);
        var retry = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        (await NextFetchAsync()).SetResult(Value("v1"));
        (await retry).Value.Should().Be("v1");
    }

    [Fact]
    public async Task Renewal_runs_in_the_background_while_the_held_value_is_served()
    {
        var source = await SourceHoldingAsync("v1");
        _time.Advance(TimeSpan.FromSeconds(85));

        var served = source.GetAsync(CancellationToken.None);
        served.IsCompleted.Should().BeTrue("the held value is served without waiting for its renewal");
        (await served).Value.Should().Be("v1");
        var renewal = await NextFetchAsync();
        (await source.GetAsync(CancellationToken.None)).Value.Should().Be("v1");

        // A caller the held value does not serve joins the renewal under way rather than starting another.
        var joined = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        renewal.SetResult(Value("v2"));

        (await joined).Value.Should().Be("v2");
        (await source.GetAsync(CancellationToken.None)).Value.Should().Be("v2");
        _fetchCount.Should().Be(2);
    }

    [Fact]
    public async Task The_held_value_survives_a_failing_renewal()
    {
        var source = await SourceHoldingAsync("v1");
        _time.Advance(TimeSpan.FromSeconds(85));
        (await source.GetAsync(CancellationToken.None)).Value.Should().Be("v1");
        var renewal = await NextFetchAsync();

        var joined = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        renewal.SetException(new HttpRequestException("down"));

        (await joined).Should().Be(new FetchOutcome<string>("v1", FetchFailed: true));
        _failures.Should().Equal(true);

        // No other fetch before the retry wait, for any caller.
        _time.Advance(FailureRetry.First - TimeSpan.FromMilliseconds(1));
        (await source.GetAsync(CancellationToken.None)).Should().Be(new FetchOutcome<string>("v1", FetchFailed: true));
        (await source.FetchNewerAsync(DemandInterval, CancellationToken.None)).Should().Be(new FetchOutcome<string>("v1", FetchFailed: true));
        _fetchCount.Should().Be(2);

        // Past its expiry too, served at once while the renewal is tried again in the background.
        _time.Advance(TimeSpan.FromSeconds(20));
        var served = source.GetAsync(CancellationToken.None);
        served.IsCompleted.Should().BeTrue("after a failure, the held value is served at once");
        (await served).Should().Be(new FetchOutcome<string>("v1", FetchFailed: true));
        (await NextFetchAsync()).SetResult(Value("v2"));
    }

    [Fact]
    public async Task Past_its_expiry_a_caller_waits_for_a_new_value_when_the_server_answered_last_time()
    {
        var source = await SourceHoldingAsync("v1");
        _time.Advance(TimeSpan.FromSeconds(101));

        var served = source.GetAsync(CancellationToken.None);
        var fetch = await NextFetchAsync();
        served.IsCompleted.Should().BeFalse("a value the server may have withdrawn is not served past its expiry");
        fetch.SetResult(Value("v2"));

        (await served).Value.Should().Be("v2");
    }

    [Fact]
    public async Task Demanded_fetches_happen_at_most_once_per_demand_interval()
    {
        var source = await SourceHoldingAsync("v1");

        var demanded = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        (await NextFetchAsync()).SetResult(Value("v2"));
        (await demanded).Value.Should().Be("v2");

        _time.Advance(DemandInterval - TimeSpan.FromMilliseconds(1));
        var again = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        again.IsCompleted.Should().BeTrue();
        (await again).Should().Be(new FetchOutcome<string>("v2", FetchFailed: false));
        _fetchCount.Should().Be(2);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var later = source.FetchNewerAsync(DemandInterval, CancellationToken.None);
        (await NextFetchAsync()).SetResult(Value("v3"));
        (await later).Value.Should().Be("v3");
    }

    [Fact]
    public async Task A_caller_with_nothing_held_gives_up_on_a_hanging_fetch_after_the_fetch_timeout()
    {
        var source = Source(fetchTimeout: TimeSpan.FromMilliseconds(200));

        var waiting = source.GetAsync(CancellationToken.None);
        var hanging = await NextFetchAsync();
        var joining = source.GetAsync(CancellationToken.None);

        (await waiting).Should().Be(new FetchOutcome<string>(null, FetchFailed: true));
        (await joining).Should().Be(new FetchOutcome<string>(null, FetchFailed: true));
        _fetchCount.Should().Be(1, "the second caller joined the fetch under way");
        hanging.Task.IsCompleted.Should().BeFalse("the fetch never answered: the callers gave up on it");
    }
}
