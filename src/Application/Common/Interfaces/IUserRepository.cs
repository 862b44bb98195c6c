using GoogleLogin.Domain.Users;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IUserRepository
{
    Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether the user exists and may sign in; what every authenticated request needs to know, without loading the user.</summary>

    Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Users whose email, in <see cref="User.NormalizeEmail"/> form, is this one and verified.</summary>
    Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    void Add(User user);
}
