namespace GoogleLogin.Domain.Sessions;

/// <summary>How long a session lives: at most <see cref="Absolute"/> from sign-in, and no longer than <see cref="IdleTimeout"/> unused.</summary>
public sealed record SessionLifetime
{
    public SessionLifetime(TimeSpan absolute, TimeSpan idleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(absolute, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        Absolute = absolute;
        IdleTimeout = idleTimeout;
    }

    public TimeSpan Absolute { get; }
    public TimeSpan IdleTimeout { get; }

    /// <summary>Last-seen precision: a small fraction of the idle timeout, at most a minute.</summary>
    public TimeSpan TouchInterval => TimeSpan.FromTicks(Math.Min(IdleTimeout.Ticks / 20, TimeSpan.TicksPerMinute));
}
