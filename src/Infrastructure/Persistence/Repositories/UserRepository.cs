using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence.Holds;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class UserRepository(AppDbContext db, UserHolds holds) : IUserRepository
{
    // From the login to its user, both by key. Asked the other way round (a user with a login that
    // matches), SQLite checks every user in turn, and each sign-in costs more the more users there are.
    // Compiled once: every sign-in runs it.
    private static readonly CompiledPerModel<Func<AppDbContext, string, string, CancellationToken, Task<User?>>> FindByLogin = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string issuer, string subject, CancellationToken _) => db.Users
            .FirstOrDefault(u => db.Users
                .SelectMany(owner => owner.Logins)
                .Where(l => l.Issuer == issuer && l.Subject == subject)
                .Select(l => EF.Property<Guid>(l, "UserId"))
                .Contains(u.Id))));

    // Owned logins come with their user.
    public Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public Task HoldAsync(Guid userId, CancellationToken cancellationToken) => holds.HoldAsync(userId, cancellationToken);

    public Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken) =>
        FindByLogin.For(db)(db, identity.Issuer, identity.Subject, cancellationToken);

    public async Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        await db.Users
            .Where(u => u.NormalizedEmail == normalizedEmail && u.EmailVerified)
            .ToListAsync(cancellationToken);

    public void Add(User user) => db.Users.Add(user);
}
