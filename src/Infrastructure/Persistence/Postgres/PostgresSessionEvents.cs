using GoogleLogin.Application.Auth.AuthenticateSession;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence.Postgres;

/// <summary>
/// Tells every instance on the same PostgreSQL database which users' sessions to forget, through
/// <c>LISTEN</c>/<c>NOTIFY</c>: a session revoked on one instance is refused by the others at once,
/// rather than after <see cref="Application.Auth.SessionOptions.RevocationLatency"/>. The payload is
/// user ids only, never a token. While the listening connection is down, or after a notification may
/// have been missed, the cache is emptied, and the latency bounds what it cannot know.
/// </summary>
internal sealed partial class PostgresSessionEvents(
    AuthenticatedSessionCache cache,
    IOptions<DatabaseOptions> databaseOptions,
    ILogger<PostgresSessionEvents> logger) : BackgroundService
{
    private const string Channel = "googlelogin_sessions_changed";

    // NOTIFY payloads stop at 8000 bytes; a save touching more users than fit says "everyone".
    private const int MaxUsersPerPayload = 200;
    private const string Everyone = "*";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static void Announce(DbContext context, Guid[] userIds) =>
        context.Database.ExecuteSql($"SELECT pg_notify({Channel}, {Payload(userIds)})");

    public static Task AnnounceAsync(DbContext context, Guid[] userIds, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {Payload(userIds)})", cancellationToken);

    private static string Payload(Guid[] userIds) =>
        userIds.Length > MaxUsersPerPayload ? Everyone : string.Join(',', userIds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = databaseOptions.Value;
        if (!database.IsPostgres || !cache.IsEnabled)
        {
            return;
        }

        // A connection of its own for the app's lifetime, not a pooled one. Keepalives notice a connection
        // that died without a word, on which the wait would otherwise last forever.
        var connectionString = new NpgsqlConnectionStringBuilder(database.EffectiveConnectionString)
        {
            Pooling = false,
            KeepAlive = 5,
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, notification) => Evict(notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was announced before the LISTEN took effect went unheard.
                cache.Clear();
                LogListening(logger);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                cache.Clear();
                LogListenFailed(logger, exception.GetType().Name, (exception as PostgresException)?.SqlState);
            }

            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Evict(string payload)
    {
        if (payload == Everyone)
        {
            cache.Clear();
            return;
        }

        var users = new List<Guid>();
        foreach (var part in payload.Split(','))
        {
            if (!Guid.TryParse(part, out var userId))
            {
                // Not ours: forget everything rather than guess.
                cache.Clear();
                return;
            }

            users.Add(userId);
        }

        cache.EvictUsers(users);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for sessions ended on other instances")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not hearing of sessions ended on other instances ({ExceptionType}, SQLSTATE {SqlState}); cached sessions are dropped and the connection retried")]
    private static partial void LogListenFailed(ILogger logger, string exceptionType, string? sqlState);
}
