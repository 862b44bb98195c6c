using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GoogleLogin.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.AuthenticateSession;

/// <summary>
/// Sessions this instance has checked against the database in the last
/// <see cref="SessionOptions.RevocationLatency"/>, by token hash, so that a busy session costs one read
/// a period rather than one a request. Whatever ends a session or changes its user evicts the user's
/// entries: a save through this instance's database context at once, another instance's through
/// PostgreSQL's notifications, anything else when the entry's time is up.
/// </summary>
public sealed class AuthenticatedSessionCache(IOptions<SessionOptions> options, TimeProvider timeProvider)
{
    /// <summary>Bounds memory: beyond this many sessions checked within the latency, the rest are read every time.</summary>
    public const int Capacity = 20_000;

    private readonly TimeSpan _latency = options.Value.RevocationLatency;
    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(TokenHashComparer.Instance);

    // When each recently evicted user was evicted. An eviction is a note here, not a search of the entries:
    // an entry older than its user's note is stale. A note outlives every entry it can concern by a margin.
    private readonly ConcurrentDictionary<Guid, Eviction> _evictions = new();
    private int _entryCount;
    private long _generation;

    // Entries read before the last Clear are stale whoever their user is.
    private long _clearedAt;

    // Expired entries and old notes are looked for at most once a second, not at every miss or eviction.
    private long _prunedAt;

    public bool IsEnabled => _latency > TimeSpan.Zero;

    /// <summary>Taken before reading the database; hand it to <see cref="Add"/> with what was read.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// The cached session with this token hash, if it was checked within the latency and since its user was
    /// last evicted, is still active at <paramref name="now"/>, and its use at <paramref name="now"/> need
    /// not be recorded.
    /// </summary>
    public bool TryGet(byte[] tokenHash, DateTimeOffset now, SessionLifetime lifetime, out AuthenticatedSession session)
    {
        if (_entries.TryGetValue(tokenHash, out var entry) &&
            now < entry.CachedUntil &&
            entry.Generation >= Interlocked.Read(ref _clearedAt) &&
            !(_evictions.TryGetValue(entry.Result.UserId, out var eviction) && eviction.Generation > entry.Generation) &&
            entry.Session.IsActiveAt(now, lifetime) &&
            !entry.Session.IsTouchDueAt(now, lifetime))
        {
            session = entry.Result;
            return true;
        }

        session = null!;
        return false;
    }

    /// <summary>
    /// Keeps a session read from the database when the cache stood at <paramref name="generation"/>;
    /// <paramref name="session"/> is not changed afterwards.
    /// </summary>
    public void Add(long generation, Session session, AuthenticatedSession result, DateTimeOffset now)
    {
        if (!IsEnabled)
        {
            return;
        }

        if (Volatile.Read(ref _entryCount) >= Capacity)
        {
            Prune(now);
            if (Volatile.Read(ref _entryCount) >= Capacity)
            {
                return;
            }
        }

        // Counted only when this call inserted it: parallel first checks of one session each read it and
        // add it, and an add factory's result that lost the race is thrown away (once counted, forever).
        var entry = new Entry(session, result, generation, now + _latency);
        while (true)
        {
            if (_entries.TryAdd(session.TokenHash, entry))
            {
                Interlocked.Increment(ref _entryCount);
                return;
            }

            if (_entries.TryGetValue(session.TokenHash, out var current) && _entries.TryUpdate(session.TokenHash, entry, current))
            {
                return;
            }
        }
    }

    /// <summary>Forgets every session of these users: one of them ended, or the user changed.</summary>
    public void EvictUsers(IReadOnlyCollection<Guid> userIds)
    {
        if (userIds.Count == 0 || !IsEnabled)
        {
            return;
        }

        var eviction = new Eviction(Interlocked.Increment(ref _generation), timeProvider.GetUtcNow());
        foreach (var userId in userIds)
        {
            _evictions[userId] = eviction;
        }

        if (_evictions.Count > Capacity)
        {
            Prune(eviction.At);
        }
    }

    /// <summary>Forgets everything: evictions may have been missed.</summary>
    public void Clear()
    {
        Interlocked.Exchange(ref _clearedAt, Interlocked.Increment(ref _generation));
        foreach (var tokenHash in _entries.Keys)
        {
            Remove(tokenHash);
        }
    }

    /// <summary>
    /// Removes the entries whose time is up, and the notes no entry can need any more: a note matters
    /// while an entry read before it may still be served, one added up to a read's length after the note
    /// and kept for the latency. A minute covers the slowest read.
    /// </summary>
    private void Prune(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _prunedAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerSecond || Interlocked.CompareExchange(ref _prunedAt, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (tokenHash, entry) in _entries)
        {
            if (now >= entry.CachedUntil)
            {
                Remove(tokenHash);
            }
        }

        var forgettable = now - _latency - TimeSpan.FromMinutes(1);
        foreach (var (userId, eviction) in _evictions)
        {
            if (eviction.At < forgettable)
            {
                _evictions.TryRemove(new KeyValuePair<Guid, Eviction>(userId, eviction));
            }
        }
    }

    private void Remove(byte[] tokenHash)
    {
        if (_entries.TryRemove(tokenHash, out _))
        {
            Interlocked.Decrement(ref _entryCount);
        }
    }

    private sealed record Entry(Session Session, AuthenticatedSession Result, long Generation, DateTimeOffset CachedUntil);

    private sealed record Eviction(long Generation, DateTimeOffset At);

    /// <summary>Token hashes are SHA-256 values: their first bytes are as good a hash code as any.</summary>
    private sealed class TokenHashComparer : IEqualityComparer<byte[]>
    {
        public static readonly TokenHashComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length >= sizeof(int) ? MemoryMarshal.Read<int>(obj) : obj.Length;
    }
}
