using GoogleLogin.Application.Auth;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>
/// When a save that ends a session tells the other instances (PostgreSQL's <c>NOTIFY</c>, inside the save's
/// transaction) and when this instance forgets the session (after the commit).
/// </summary>
[Trait("Engine", "Postgres")]
public sealed class SessionCacheEvictionTests : IAsyncLifetime
{
    private const string Channel = "googlelogin_sessions_changed";

    private AppHost _host = null!;

    // Far beyond the test: a session still cached is one nothing evicted.
    public async Task InitializeAsync() => _host = await AppHost.StartAsync(
        services => services.PostConfigure<SessionOptions>(options => options.RevocationLatency = TimeSpan.FromMinutes(10)),
        TestEngine.Postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_save_that_fails_after_announcing_a_revocation_notifies_no_one()
    {
        var failing = await _host.SignInAsync(GoogleTokens.Payload(subject: "failing-save"));
        var later = await _host.SignInAsync(GoogleTokens.Payload(subject: "later-save", email: "later@example.com"));
        var heard = new List<string>();
        await using var listener = new NpgsqlConnection(_host.Database.ConnectionString);
        listener.Notification += (_, notification) => heard.Add(notification.Payload);
        await listener.OpenAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Set<Session>().SingleAsync(s => s.UserId == failing.User.Id)).Revoke(DateTimeOffset.UtcNow).Should().BeTrue();

            // Announced before any row is written; then the second registration of an identity fails the save.
            db.Add(User.Register(new ExternalIdentity("https://accounts.google.com", "later-save"), "google", new UserProfile(null, false, null, null, null, null), DateTimeOffset.UtcNow));
            await FluentActions.Awaiting(() => db.SaveChangesAsync()).Should().ThrowAsync<DbUpdateException>();
        }

        // A save that commits is heard; notifications arrive in commit order, so the failed one would be first.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Set<Session>().SingleAsync(s => s.UserId == later.User.Id)).Revoke(DateTimeOffset.UtcNow).Should().BeTrue();
            await db.SaveChangesAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (heard.Count == 0)
        {
            await listener.WaitAsync(deadline.Token);
        }

        heard.Should().Equal(later.User.Id.ToString());
    }

    [Fact]
    public async Task A_session_checked_while_its_revocation_is_not_yet_committed_is_not_trusted_after_the_commit()
    {
        var issued = await _host.SignInAsync(GoogleTokens.Payload(subject: "revoked-in-a-transaction"));
        (await _host.AuthenticateAsync(issued.SessionToken)).Should().NotBeNull();

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Set<Session>().SingleAsync(s => s.UserId == issued.User.Id)).Revoke(DateTimeOffset.UtcNow).Should().BeTrue();
            await db.SaveChangesAsync();

            // Another request, between the save and the commit, still reads the session as active.
            (await _host.AuthenticateAsync(issued.SessionToken)).Should().NotBeNull();
            await transaction.CommitAsync();
        }

        (await _host.AuthenticateAsync(issued.SessionToken)).Should().BeNull();
    }
}
