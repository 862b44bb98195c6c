using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>
/// The mediator's publishing as the app wires it, for the one notification there is: the host's
/// generated mediator lives in WebApi, which these tests do not start.
/// </summary>
internal sealed class AuditingPublisher(ISecurityEventRepository events, TimeProvider timeProvider) : IPublisher
{
    private readonly SecurityEventRecorder _recorder = new(events, new TestClient(), timeProvider);

    public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification => Publish((object)notification, cancellationToken);

    public ValueTask Publish(object notification, CancellationToken cancellationToken = default) =>
        _recorder.Handle((SecurityEventRaised)notification, cancellationToken);

    /// <summary>Who the helpers' requests come from, as <see cref="AppHost.SignInAsync(string, string?, string?)"/> says.</summary>
    private sealed class TestClient : ICurrentClient
    {
        public string? IpAddress => "127.0.0.1";

        public string? UserAgent => "test-agent";
    }
}
