using GoogleLogin.Domain.Audit;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISecurityEventRepository
{
    /// <summary>Saved with the unit of work: an event is recorded in the same transaction as what it records.</summary>
    void Add(SecurityEvent securityEvent);

    /// <summary>The user's newest <paramref name="limit"/> events, newest first; only those before the event <paramref name="before"/> when given.</summary>
    Task<IReadOnlyList<SecurityEvent>> ListByUserAsync(Guid userId, int limit, long? before, CancellationToken cancellationToken);

    /// <summary>Whether the user has an event of this type and provider that occurred at or after <paramref name="since"/>.</summary>
    Task<bool> ExistsSinceAsync(Guid userId, SecurityEventType type, string? provider, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Deletes every event that occurred before <paramref name="cutoff"/>, at once and outside the unit of work.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
