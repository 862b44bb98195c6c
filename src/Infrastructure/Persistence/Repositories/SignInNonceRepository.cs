using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SignInNonceRepository(AppDbContext db) : ISignInNonceRepository
{
    public void Add(SignInNonce nonce) => db.SignInNonces.Add(nonce);

    // One DELETE both checks and uses the nonce, so two instances sharing the database cannot both
    // accept it: the database gives the row to exactly one of them. The binding is part of the same
    // WHERE, so a request from another browser matches nothing and deletes nothing.
    public async Task<bool> TryConsumeAsync(byte[] hash, byte[] bindingHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.SignInNonces
            .Where(n => n.Hash == hash && n.BindingHash == bindingHash && n.ExpiresAt > now)
            .ExecuteDeleteAsync(cancellationToken) == 1;

    public Task<bool> IsUnexpiredAsync(byte[] hash, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.SignInNonces.AnyAsync(n => n.Hash == hash && n.ExpiresAt > now, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.SignInNonces.Where(n => n.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
}
