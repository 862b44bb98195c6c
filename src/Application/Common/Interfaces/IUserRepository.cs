using GoogleLogin.Domain.Users;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IUserRepository
{
    Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken);

    void Add(User user);
}
