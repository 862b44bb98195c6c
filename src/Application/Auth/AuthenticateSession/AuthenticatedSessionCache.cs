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
public sealed class AuthenticatedSessionCache(IOptions<SessionOptions> options)
{
    /// <summary>Bounds memory: beyond this many sessions checked within the latency, the rest are read every time.</summary>
    public const int Capacity = 20_000;

    private readonly TimeSpan _latency = options.Value.RevocationLatency;
    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(TokenHashComparer.Instance);
    private int _count;

    // Bumped by every eviction. A read of the database that began before an eviction may have seen what
    // the eviction was about, so its result is not kept (see Add).
    private long _generation;

    public bool IsEnabled => _latency > TimeSpan.Zero;

    /// <summary>Taken before reading the database; hand it to <see cref="Add"/> with what was read.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// The cached session with this token hash, if it was checked within the latency, is still active at
    /// <paramref name="now"/>, and its use at <paramref name="now"/> need not be recorded.
    /// </summary>
    public bool TryGet(byte[] tokenHash, DateTimeOffset now, SessionLifetime lifetime, out AuthenticatedSession session)
    {
        if (_entries.TryGetValue(tokenHash, out var entry) &&
            now < entry.CachedUntil &&
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
    /// Keeps a session just checked against the database; <paramref name="session"/> is not changed
    /// afterwards. Nothing is kept when an eviction happened since <paramref name="generation"/>.
    /// </summary>
    public void Add(long generation, Session session, AuthenticatedSession result, DateTimeOffset now)
    {
        if (!IsEnabled)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            RemoveWhere(entry => now >= entry.CachedUntil);
            if (Volatile.Read(ref _count) >= Capacity)
            {
                return;
            }
        }

        var entry = new Entry(session, result, now + _latency);
        _entries.AddOrUpdate(
            session.TokenHash,
            _ =>
            {
                Interlocked.Increment(ref _count);
                return entry;
            },
            (_, _) => entry);

        // An eviction that ran while the entry went in may have missed it: take it out again.
        if (Generation != generation)
        {
            Remove(session.TokenHash);
        }
    }

    /// <summary>Forgets every session of these users: one of them ended, or the user changed.</summary>
    public void EvictUsers(IReadOnlyCollection<Guid> userIds)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        RemoveWhere(entry => userIds.Contains(entry.Result.UserId));
    }

    /// <summary>Forgets everything: evictions may have been missed.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        RemoveWhere(static _ => true);
    }

    private void RemoveWhere(Func<Entry, bool> predicate)
    {
        foreach (var (tokenHash, entry) in _entries)
        {
            if (predicate(entry))
            {
                Remove(tokenHash);
            }
        }
    }

    private void Remove(byte[] tokenHash)
    {
        if (_entries.TryRemove(tokenHash, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(Session Session, AuthenticatedSession Result, DateTimeOffset CachedUntil);

    /// <summary>Token hashes are SHA-256 values: their first bytes are as good a hash code as any.</summary>
    private sealed class TokenHashComparer : IEqualityComparer<byte[]>
    {
        public static readonly TokenHashComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length >= sizeof(int) ? MemoryMarshal.Read<int>(obj) : obj.Length;
    }
}
