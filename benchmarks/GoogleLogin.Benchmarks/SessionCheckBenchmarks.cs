using BenchmarkDotNet.Attributes;
using GoogleLogin.Application.Auth;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Benchmarks;

/// <summary>
/// What every authenticated request costs before its endpoint runs: a new DI scope, the
/// <see cref="AuthenticateSessionHandler"/> built in it, and its queries on a SQLite file. The baseline
/// is a scope and one trivial round trip through the same AppDbContext, so the ratio column shows the
/// handler's cost in round trips. The handler is called directly, without Mediator's pipeline, which
/// lives in the WebApi host.
/// </summary>
/// <remarks>
/// The app's clock is frozen at the start of the run. A session in use is written back at most once a
/// minute (<see cref="SessionLifetime.TouchInterval"/>); on a running clock the 10,000 pooled sessions,
/// all seeded in the same second, would all fall due for that write a minute into the run and turn a
/// stretch of the measurement into writes. Frozen, both cases measure the steady state: reads only.
/// </remarks>
[MemoryDiagnoser]
public class SessionCheckBenchmarks
{
    private const int UsersInPool = 500;
    private const int SessionsPerUser = 20;

    private BenchmarkApp _app = null!;
    private string _hotToken = null!;
    private string[] _pool = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = await BenchmarkApp.StartAsync(timeProvider: new FrozenTimeProvider(DateTimeOffset.UtcNow));

        // The hot session comes from a real sign-in.
        _hotToken = (await _app.SignInAsync(_app.Key.Sign(GoogleTokens.Payload()))).SessionToken;

        // 10,000 more (500 users with 20 sessions each, the default limit) are written directly: signing
        // them in one by one would cost minutes of setup for the same rows.
        _pool = await SeedSessionsAsync();

        if (await HotSession() is null || await RoundRobin() is null)
        {
            throw new InvalidOperationException("A seeded session did not authenticate.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _app.DisposeAsync();

    [Benchmark(Baseline = true, Description = "Scope + SELECT 1")]
    public async Task<int> SelectOne()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\"").ToListAsync();
        return rows[0];
    }

    [Benchmark(Description = "Handler, one hot session")]
    public Task<AuthenticatedSession?> HotSession() => AuthenticateAsync(_hotToken);

    [Benchmark(Description = "Handler, 10,000 sessions round-robin")]
    public Task<AuthenticatedSession?> RoundRobin()
    {
        var token = _pool[_next];
        _next = (_next + 1) % _pool.Length;
        return AuthenticateAsync(token);
    }

    private async Task<AuthenticatedSession?> AuthenticateAsync(string sessionToken)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<AuthenticateSessionHandler>(scope.ServiceProvider);
        return await handler.Handle(new AuthenticateSessionQuery(sessionToken), CancellationToken.None);
    }

    private async Task<string[]> SeedSessionsAsync()
    {
        var timeProvider = _app.Services.GetRequiredService<TimeProvider>();
        var lifetime = _app.Services.GetRequiredService<IOptions<SessionOptions>>().Value.ToLifetime();
        var tokens = new List<string>(UsersInPool * SessionsPerUser);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var u = 0; u < UsersInPool; u++)
        {
            var now = timeProvider.GetUtcNow();
            var user = User.Register(
                new ExternalIdentity(GoogleTokens.Issuer, $"pool-{u:D5}"), "google",
                new UserProfile($"pool-{u:D5}@example.com", true, "Pool", $"User {u}", null, null),
                now);
            db.Users.Add(user);
            for (var s = 0; s < SessionsPerUser; s++)
            {
                var token = SessionToken.New();
                db.Sessions.Add(Session.Open(user.Id, user.Logins.First().Id, token, lifetime, now, "benchmark-agent", "127.0.0.1"));
                tokens.Add(token.Value);
            }
        }

        await db.SaveChangesAsync();

        // Spread each user's sessions over the pool, so consecutive requests rarely share a user or a page.
        return [.. tokens.OrderBy(_ => Random.Shared.Next())];
    }

    private sealed class FrozenTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
