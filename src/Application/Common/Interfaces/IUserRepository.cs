using GoogleLogin.Domain.Users;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IUserRepository
{
    /// <summary>The user with their logins.</summary>
    Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Users whose email, in <see cref="User.NormalizeEmail"/> form, is this one and verified.</summary>
    Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    void Add(User user);
}
