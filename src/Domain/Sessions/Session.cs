using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.Sessions;

/// <summary>
/// A server-side sign-in session. The browser holds an opaque random token; only its
/// SHA-256 hash is stored, so a copy of the database cannot be replayed as cookies.
/// </summary>
public sealed class Session
{
    private Session()
    {
        TokenHash = [];
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>
    /// The login it was opened with (<see cref="Users.UserLogin.Id"/>): removing that login ends it. Null for
    /// sessions opened before it was recorded.
    /// </summary>
    public Guid? LoginId { get; private set; }

    public byte[] TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? UserAgent { get; private set; }
    public string? IpAddress { get; private set; }

    public static Session Open(
        Guid userId,
        Guid loginId,
        SessionToken token,
        SessionLifetime lifetime,
        DateTimeOffset now,
        string? userAgent,
        string? ipAddress)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(lifetime);

        return new Session
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            LoginId = loginId,
            TokenHash = token.Hash(),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + lifetime.Absolute,
            UserAgent = StoredText.Clip(userAgent, Limits.UserAgentLength),
            IpAddress = StoredText.Clip(ipAddress, Limits.IpAddressLength),
        };
    }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Usable when not revoked, within its absolute lifetime, and used within the idle timeout.</summary>
    public bool IsActiveAt(DateTimeOffset now, SessionLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        return !IsRevoked && now < ExpiresAt && now < LastSeenAt + lifetime.IdleTimeout;
    }

    /// <summary>
    /// Whether a use at <paramref name="now"/> must be recorded. Writes are coarsened to
    /// <see cref="SessionLifetime.TouchInterval"/> so that every authenticated request does not become a
    /// database write.
    /// </summary>
    public bool IsTouchDueAt(DateTimeOffset now, SessionLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        return now - LastSeenAt >= lifetime.TouchInterval;
    }

    /// <summary>Records use of the session, when <see cref="IsTouchDueAt"/>.</summary>
    /// <returns>Whether the session changed and needs saving.</returns>
    public bool Touch(DateTimeOffset now, SessionLifetime lifetime)
    {
        if (!IsTouchDueAt(now, lifetime))
        {
            return false;
        }

        LastSeenAt = now;
        return true;
    }

    /// <returns>Whether it was live until now; revoking an ended session changes nothing.</returns>
    public bool Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = now;
        return true;
    }
}
