using Mediator;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>The mediator's publishing port for handler tests: it keeps what was published, in order.</summary>
internal sealed class RecordingPublisher : IPublisher
{
    public List<object> Published { get; } = [];

    public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        Published.Add(notification);
        return ValueTask.CompletedTask;
    }

    public ValueTask Publish(object notification, CancellationToken cancellationToken = default)
    {
        Published.Add(notification);
        return ValueTask.CompletedTask;
    }
}
