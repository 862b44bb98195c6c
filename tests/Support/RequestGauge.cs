namespace GoogleLogin.Tests.Support;

/// <summary>Counts what a test server is asked, and the most requests it was answering at one time.</summary>
public sealed class RequestGauge
{
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The most requests answered at one time: 1 when they never overlapped.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxInFlight);

    /// <summary>Counts one request while <paramref name="answer"/> answers it.</summary>
    public async Task MeasureAsync(Func<Task> answer)
    {
        Interlocked.Increment(ref _count);
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
        {
            if (Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) == max)
            {
                break;
            }
        }

        try
        {
            await answer();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
