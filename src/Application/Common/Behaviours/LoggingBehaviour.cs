using Mediator;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Application.Common.Behaviours;

/// <summary>
/// Logs each message by its type name and duration. Message contents are never logged:
/// they carry ID tokens and session tokens.
/// </summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(
    ILogger<LoggingBehaviour<TMessage, TResponse>> logger,
    TimeProvider timeProvider)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string MessageName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsed = timeProvider.GetElapsedTime(started);
            LogHandled(logger, MessageName, elapsed.TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            var exceptionType = exception.GetType().Name;
            LogFailed(logger, MessageName, exceptionType, elapsed.TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {MessageName} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string messageName, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageName} ended with {ExceptionType} after {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string messageName, string exceptionType, double elapsedMilliseconds);
}
