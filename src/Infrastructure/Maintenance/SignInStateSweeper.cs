using System.Data.Common;
using GoogleLogin.Application.Auth.SweepExpiredSignInState;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Maintenance;

/// <summary>
/// Every <see cref="SweepOptions.Interval"/>, deletes ended sessions, expired nonces and old security events, so that
/// requests never do. Every instance runs one: the deletes are idempotent, so sweeps may overlap.
/// A failed sweep is logged and the next one runs as planned; it never stops the host.
/// </summary>
internal sealed partial class SignInStateSweeper(
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    IOptions<SweepOptions> options,
    ILogger<SignInStateSweeper> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Started here, not in ExecuteAsync (which runs on another thread): the first interval is
        // counted from the host's start, whatever the clock does meanwhile.
        _timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var swept = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SweepExpiredSignInStateCommand(), stoppingToken);
            LogSwept(logger, swept.Sessions, swept.Nonces, swept.AuthorizationStates, swept.PendingLinks, swept.SecurityEvents);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The type and a database's error code: the sweep handles no request data, but an exception's
            // message is not ours to vouch for.
            var databaseError = exception as DbException ?? exception.InnerException as DbException;
            LogSweepFailed(logger, exception.GetType().Name, databaseError?.SqlState);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in state sweep deleted {Sessions} ended sessions, {Nonces} expired nonces, {AuthorizationStates} expired uses of redirect states and {PendingLinks} expired pending links, and {SecurityEvents} security events past retention")]
    private static partial void LogSwept(ILogger logger, int sessions, int nonces, int authorizationStates, int pendingLinks, int securityEvents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in state sweep failed with {ExceptionType} (SQLSTATE {SqlState}); the next one runs on schedule")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType, string? sqlState);
}
