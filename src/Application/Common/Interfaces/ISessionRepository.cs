using GoogleLogin.Domain.Sessions;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISessionRepository
{
    Task<Session?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    void Add(Session session);
}
