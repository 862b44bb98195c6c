using GoogleLogin.Domain.Users;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IUserRepository
{
    /// <summary>The user with their logins.</summary>
    Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until no other request holds the user, then holds it until this request's save ends (or the
    /// request does). A rule that reads the user's logins or sessions and then writes (never the last login,
    /// at most so many sessions) holds under parallel requests only when each reads after it holds.
    /// </summary>
    Task HoldAsync(Guid userId, CancellationToken cancellationToken);

    Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Users whose email, in <see cref="User.NormalizeEmail"/> form, is this one and verified.</summary>
    Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    void Add(User user);
}
