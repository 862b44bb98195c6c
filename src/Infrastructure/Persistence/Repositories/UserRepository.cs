using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class UserRepository(AppDbContext db) : IUserRepository
{
    public Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Logins.Any(l => l.Issuer == identity.Issuer && l.Subject == identity.Subject), cancellationToken);

    public async Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        await db.Users
            .Where(u => u.NormalizedEmail == normalizedEmail && u.EmailVerified)
            .ToListAsync(cancellationToken);

    public void Add(User user) => db.Users.Add(user);
}
