using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class UserRepository(AppDbContext db) : IUserRepository
{
    public Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Issuer == identity.Issuer && u.Subject == identity.Subject, cancellationToken);

    public void Add(User user) => db.Users.Add(user);
}
