using GoogleLogin.Application.Audit;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SecurityEventRepository(AppDbContext db, SqliteWriteLock sqliteWriteLock, IOptions<AuditOptions> auditOptions) : ISecurityEventRepository
{
    public void Add(SecurityEvent securityEvent) => db.SecurityEvents.Add(securityEvent);

    public async Task<IReadOnlyList<SecurityEvent>> ListByUserAsync(Guid userId, int limit, long? before, CancellationToken cancellationToken)
    {
        var events = db.SecurityEvents.AsNoTracking().Where(e => e.UserId == userId);
        if (before is { } id)
        {
            events = events.Where(e => e.Id < id);
        }

        return await events.OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);
    }

    // One INSERT both checks and records, as SignInNonceRepository records a nonce's use: the unique key on
    // (user, type, provider, refusal hour) lets exactly one row an hour in. Both engines speak ON CONFLICT DO NOTHING.
    public async Task<bool> TryAddRefusalAsync(SecurityEvent refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        FormattableString insert = $"""
            INSERT INTO "SecurityEvents" ("UserId", "OccurredAt", "Type", "Provider", "AccountEmail", "IpAddress", "UserAgent", "RefusalHour")
            VALUES ({refusal.UserId}, {Stored(nameof(SecurityEvent.OccurredAt), refusal.OccurredAt)}, {Stored(nameof(SecurityEvent.Type), refusal.Type)},
                {refusal.Provider}, {refusal.AccountEmail}, {refusal.IpAddress}, {refusal.UserAgent}, {refusal.RefusalHour})
            ON CONFLICT DO NOTHING
            """;
        // On SQLite in turn with the other writes (SqliteWriteLock says why). A refusal counts towards the
        // user's events as any other: once recorded, the oldest beyond the limit go.
        var keep = auditOptions.Value.MaxEventsPerUser;
        return await sqliteWriteLock.WriteAsync(
            db,
            () => db.Database.ExecuteSql(insert) == 1 && BeyondNewest(db, refusal.UserId, keep).ExecuteDelete() >= 0,
            async () => await db.Database.ExecuteSqlAsync(insert, cancellationToken) == 1
                && await BeyondNewest(db, refusal.UserId, keep).ExecuteDeleteAsync(cancellationToken) >= 0);
    }

    /// <summary>
    /// The user's events older than the newest <paramref name="newestToKeep"/>, for one DELETE after recording
    /// (<see cref="UnitOfWork"/>): the newest-kept id is found on the (UserId, Id) index, without reading the rest.
    /// </summary>
    internal static IQueryable<SecurityEvent> BeyondNewest(AppDbContext db, Guid userId, int newestToKeep) =>
        db.SecurityEvents.Where(e => e.UserId == userId && e.Id < db.SecurityEvents
            .Where(kept => kept.UserId == userId)
            .OrderByDescending(kept => kept.Id)
            .Skip(newestToKeep - 1)
            .Select(kept => kept.Id)
            .FirstOrDefault());

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.SecurityEvents.Where(e => e.OccurredAt < cutoff).ExecuteDeleteAsync(cancellationToken);

    // A value as this engine's model stores it (the type by name; on SQLite a time as a sortable integer), since raw SQL skips the model.
    private object Stored(string property, object value) =>
        db.Model.FindEntityType(typeof(SecurityEvent))!.FindProperty(property)!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(value)!
            : value;
}
