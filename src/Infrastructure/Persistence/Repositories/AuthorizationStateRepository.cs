using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence.AuthorizationStates;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class AuthorizationStateRepository(AppDbContext db, SqliteWriteLock sqliteWriteLock) : IAuthorizationStateRepository
{
    // One INSERT both checks and records the use: the key lets exactly one row in, so of two callbacks racing
    // with one state, on any instances sharing the database, exactly one inserts it. Both engines speak ON CONFLICT DO NOTHING.
    public async Task<bool> TryRecordUseAsync(AuthorizationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var hash = state.UseHash;
        var expiresAt = StoredExpiry(state.ExpiresAt);
        FormattableString insert =
            $"""INSERT INTO "UsedAuthorizationStates" ("Hash", "ExpiresAt") VALUES ({hash}, {expiresAt}) ON CONFLICT DO NOTHING""";
        // On SQLite in turn with the other writes (SqliteWriteLock says why).
        return await sqliteWriteLock.WriteAsync(
            db,
            () => db.Database.ExecuteSql(insert),
            () => db.Database.ExecuteSqlAsync(insert, cancellationToken)) == 1;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.UsedAuthorizationStates.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

    // The time as this engine's model stores it (SQLite: a sortable integer), since raw SQL skips the model.
    private object StoredExpiry(DateTimeOffset expiresAt) =>
        db.Model.FindEntityType(typeof(UsedAuthorizationState))!.FindProperty(nameof(UsedAuthorizationState.ExpiresAt))!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(expiresAt)!
            : expiresAt;
}
