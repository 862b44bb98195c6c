using GoogleLogin.Domain.Users;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IPendingLinkRepository
{
    /// <summary>Adds a pending link, saved with the unit of work.</summary>
    void Add(PendingLink pendingLink);

    Task<PendingLink?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The session's pending links not expired at <paramref name="now"/>; a change to them is saved with the unit of work.</summary>
    Task<IReadOnlyList<PendingLink>> ListUnexpiredBySessionAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes it at once, outside the unit of work, and says whether this call deleted it: of two
    /// confirmations racing with one pending link, exactly one gets true.
    /// </summary>
    Task<bool> TryRemoveAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Deletes pending links past their expiry, at once and outside the unit of work; returns how many it deleted.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
