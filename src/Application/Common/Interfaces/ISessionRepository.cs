using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Sessions;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISessionRepository
{
    Task<Session?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// The session with this token hash, its user as the API shows it, and whether that user is active,
    /// in one read: every request with a session cookie that is not in the cache asks this. The session
    /// is not tracked: nothing saves a change to it.
    /// </summary>
    Task<(Session Session, UserDto User, bool UserIsActive)?> FindWithUserByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>Records the session's use at <paramref name="lastSeenAt"/>, at once and outside the unit of work.</summary>
    Task RecordUseAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    /// <summary>
    /// The user's sessions that are active at <paramref name="now"/> (<see cref="Session.IsActiveAt"/>),
    /// newest first. Revoked and expired sessions are filtered out by the query, never loaded.
    /// </summary>
    Task<IReadOnlyList<Session>> ListActiveByUserAsync(Guid userId, DateTimeOffset now, SessionLifetime lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// The user's active sessions except the newest <paramref name="newestToKeep"/>, oldest first. Parallel
    /// sign-ins of the user take it in turn: each waits for the previous one's unit of work to be saved.
    /// </summary>
    Task<IReadOnlyList<Session>> ListActiveByUserBeyondNewestAsync(
        Guid userId,
        int newestToKeep,
        DateTimeOffset now,
        SessionLifetime lifetime,
        CancellationToken cancellationToken);

    void Add(Session session);

    /// <summary>
    /// Deletes every session that can no longer be used (revoked, or expired at <paramref name="now"/>),
    /// at once and outside the unit of work; returns how many it deleted.
    /// </summary>
    Task<int> DeleteEndedAsync(DateTimeOffset now, SessionLifetime lifetime, CancellationToken cancellationToken);
}
