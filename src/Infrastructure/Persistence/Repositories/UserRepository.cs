using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class UserRepository(AppDbContext db) : IUserRepository
{
    public Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        // From the login to its user, both by key. Asked the other way round (a user with a login that
        // matches), SQLite checks every user in turn, and each sign-in costs more the more users there are.
        var userId = db.Users
            .SelectMany(u => u.Logins)
            .Where(l => l.Issuer == identity.Issuer && l.Subject == identity.Subject)
            .Select(l => EF.Property<Guid>(l, "UserId"));
        return db.Users.FirstOrDefaultAsync(u => userId.Contains(u.Id), cancellationToken);
    }

    public async Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        await db.Users
            .Where(u => u.NormalizedEmail == normalizedEmail && u.EmailVerified)
            .ToListAsync(cancellationToken);

    public void Add(User user) => db.Users.Add(user);
}
