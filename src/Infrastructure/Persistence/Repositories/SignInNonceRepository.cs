using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SignInNonceRepository(AppDbContext db, SqliteWriteLock sqliteWriteLock) : ISignInNonceRepository
{
    // One INSERT both checks and records the use, so two instances sharing the database cannot both
    // accept a nonce: the key lets exactly one row in. Both engines speak ON CONFLICT DO NOTHING.
    public async Task<bool> TryRecordUseAsync(SignInNonce use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(use);
        var expiresAt = StoredExpiry(use.ExpiresAt);
        FormattableString insert =
            $"""INSERT INTO "SignInNonces" ("Hash", "BindingHash", "ExpiresAt") VALUES ({use.Hash}, {use.BindingHash}, {expiresAt}) ON CONFLICT DO NOTHING""";
        // On SQLite in turn with the other writes (SqliteWriteLock says why).
        return await sqliteWriteLock.WriteAsync(
            db,
            () => db.Database.ExecuteSql(insert),
            () => db.Database.ExecuteSqlAsync(insert, cancellationToken)) == 1;
    }

    public Task<bool> IsUsedAsync(byte[] hash, CancellationToken cancellationToken) =>
        db.SignInNonces.AnyAsync(n => n.Hash == hash, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.SignInNonces.Where(n => n.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

    // The time as this engine's model stores it (SQLite: a sortable integer), since raw SQL skips the model.
    private object StoredExpiry(DateTimeOffset expiresAt) =>
        db.Model.FindEntityType(typeof(SignInNonce))!.FindProperty(nameof(SignInNonce.ExpiresAt))!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(expiresAt)!
            : expiresAt;
}
