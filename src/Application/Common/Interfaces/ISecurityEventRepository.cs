using GoogleLogin.Domain.Audit;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISecurityEventRepository
{
    /// <summary>Saved with the unit of work: an event is recorded in the same transaction as what it records.</summary>
    void Add(SecurityEvent securityEvent);

    /// <summary>The user's newest <paramref name="limit"/> events, newest first; only those before the event <paramref name="before"/> when given.</summary>
    Task<IReadOnlyList<SecurityEvent>> ListByUserAsync(Guid userId, int limit, long? before, CancellationToken cancellationToken);

    /// <summary>
    /// Records a refused sign-in (<see cref="SecurityEvent.RefusalHour"/>) at once and outside the unit of work,
    /// unless the user has one of its kind and provider in that hour already: one statement both checks and
    /// records, so parallel refusals record one.
    /// </summary>
    /// <returns>Whether it was recorded.</returns>
    Task<bool> TryAddRefusalAsync(SecurityEvent refusal, CancellationToken cancellationToken);

    /// <summary>Deletes every event that occurred before <paramref name="cutoff"/>, at once and outside the unit of work.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
