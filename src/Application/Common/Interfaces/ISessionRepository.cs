using GoogleLogin.Domain.Sessions;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISessionRepository
{
    Task<Session?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>The user's sessions that have not been revoked, newest first (some may have expired).</summary>
    Task<IReadOnlyList<Session>> ListUnrevokedByUserAsync(Guid userId, CancellationToken cancellationToken);

    void Add(Session session);
}
