using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SecurityEventRepository(AppDbContext db) : ISecurityEventRepository
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

    public Task<bool> ExistsSinceAsync(Guid userId, SecurityEventType type, string? provider, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.SecurityEvents.AnyAsync(e => e.UserId == userId && e.Type == type && e.Provider == provider && e.OccurredAt >= since, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.SecurityEvents.Where(e => e.OccurredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
}
