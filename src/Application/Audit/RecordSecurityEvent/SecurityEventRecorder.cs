using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Audit.RecordSecurityEvent;

/// <summary>The one writer of security activity: the time, and the address and browser of the request that caused it.</summary>
public sealed class SecurityEventRecorder(ISecurityEventRepository events, ICurrentClient client, TimeProvider timeProvider)
    : INotificationHandler<SecurityEventRaised>
{
    public ValueTask Handle(SecurityEventRaised notification, CancellationToken cancellationToken)
    {
        events.Add(SecurityEvent.Record(
            notification.UserId,
            notification.Type,
            notification.Provider,
            timeProvider.GetUtcNow(),
            client.IpAddress,
            client.UserAgent));
        return ValueTask.CompletedTask;
    }
}
