using System.Security.Cryptography;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Infrastructure.Persistence.SignInNonces;

/// <summary>
/// The nonce key, kept in the database so that every instance sharing it signs and checks with the same
/// one, and read once per process. The first instance to need it makes it; one that loses that race
/// reads the winner's.
/// </summary>
internal sealed class SignInNonceKeyStore(IServiceScopeFactory scopes, TimeProvider timeProvider) : ISignInNonceKeyStore, IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    public ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _key) is { } key ? ValueTask.FromResult(key) : new ValueTask<byte[]>(LoadAsync(cancellationToken));

    public void Dispose() => _loading.Dispose();

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await ReadAsync(db, cancellationToken);
            if (stored is null)
            {
                var made = RandomNumberGenerator.GetBytes(SignInNonce.KeySizeInBytes);
                db.SignInNonceKeys.Add(new SignInNonceKey { Id = SignInNonceKey.CurrentId, Key = made, CreatedAt = timeProvider.GetUtcNow() });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    stored = made;
                }
                catch (DbUpdateException)
                {
                    // Another instance stored its key first: that one is the key. Any other failure is ours.
                    db.ChangeTracker.Clear();
                    if (await ReadAsync(db, cancellationToken) is not { } winners)
                    {
                        throw;
                    }

                    stored = winners;
                }
            }

            Volatile.Write(ref _key, stored);
            return stored;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static Task<byte[]?> ReadAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.SignInNonceKeys.AsNoTracking()
            .Where(k => k.Id == SignInNonceKey.CurrentId)
            .Select(k => k.Key)
            .FirstOrDefaultAsync(cancellationToken);
}
