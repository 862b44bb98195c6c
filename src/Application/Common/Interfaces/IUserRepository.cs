using GoogleLogin.Domain.Users;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IUserRepository
{
    Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Users whose email, in <see cref="User.NormalizeEmail"/> form, is this one and verified.</summary>
    Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    void Add(User user);
}
