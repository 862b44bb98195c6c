using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Audit.RecordSecurityEvent;

/// <summary>The one writer of security activity: the time, and the address and browser of the request that caused it.</summary>
public sealed class SecurityEventRecorder(ISecurityEventRepository events, ICurrentClient client, TimeProvider timeProvider)
    : INotificationHandler<SecurityEventRaised>
{
    public async ValueTask Handle(SecurityEventRaised notification, CancellationToken cancellationToken)
    {
        var securityEvent = SecurityEvent.Record(
            notification.UserId,
            notification.Type,
            notification.Provider,
            timeProvider.GetUtcNow(),
            client.IpAddress,
            client.UserAgent,
            notification.AccountEmail);
        if (securityEvent.RefusalHour is null)
        {
            events.Add(securityEvent);
            return;
        }

        // A refused sign-in is caused by someone else, who can repeat it at will: one an hour of each kind and
        // provider tells the person, and an outsider cannot push their real activity out of sight. There is
        // nothing else to save with it: the refusal is the answer.
        await events.TryAddRefusalAsync(securityEvent, cancellationToken);
    }
}
