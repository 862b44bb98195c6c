using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Audit.RecordSecurityEvent;

/// <summary>The one writer of security activity: the time, and the address and browser of the request that caused it.</summary>
public sealed class SecurityEventRecorder(ISecurityEventRepository events, ICurrentClient client, TimeProvider timeProvider)
    : INotificationHandler<SecurityEventRaised>
{
    /// <summary>
    /// A refused sign-in is caused by someone else, who can repeat it at will: one per hour of each kind and
    /// provider tells the person, and an outsider cannot push their real activity out of sight.
    /// </summary>
    public static readonly TimeSpan RefusalQuietPeriod = TimeSpan.FromHours(1);

    public async ValueTask Handle(SecurityEventRaised notification, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (notification.Type is SecurityEventType.SignInRefusedEmailInUse or SecurityEventType.SignInRefusedDisabled &&
            await events.ExistsSinceAsync(notification.UserId, notification.Type, notification.Provider, now - RefusalQuietPeriod, cancellationToken))
        {
            return;
        }

        events.Add(SecurityEvent.Record(
            notification.UserId,
            notification.Type,
            notification.Provider,
            now,
            client.IpAddress,
            client.UserAgent));
    }
}
