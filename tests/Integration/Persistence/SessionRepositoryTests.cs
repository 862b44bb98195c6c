using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>The session queries and deletes on a real database of the run's engine, against <see cref="Session.IsActiveAt"/>.</summary>
public sealed class SessionRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionLifetime Lifetime = new(TimeSpan.FromDays(14), TimeSpan.FromHours(24));

    private readonly User _user = NewUser("user");
    private readonly User _otherUser = NewUser("other");
    private readonly List<Session> _sessions = [];
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static User NewUser(string subject) =>
        User.Register(new ExternalIdentity("https://accounts.google.com", subject), "google", new UserProfile($"{subject}@example.com", true, null, null, null, null), Now.AddDays(-30));

    /// <summary>A session opened at <paramref name="openedAgo"/> before now and last used <paramref name="usedAgo"/> before now.</summary>
    private Session Open(User user, TimeSpan openedAgo, TimeSpan? usedAgo = null, bool revoked = false)
    {
        var session = Session.Open(user.Id, user.Logins.First().Id, SessionToken.New(), Lifetime, Now - openedAgo, null, null);
        if (usedAgo is { } used)
        {
            session.Touch(Now - used, Lifetime).Should().BeTrue();
        }

        if (revoked)
        {
            session.Revoke(Now - TimeSpan.FromMinutes(1));
        }

        _sessions.Add(session);
        return session;
    }

    private async Task SaveAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();
        users.Add(_user);
        users.Add(_otherUser);
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        _sessions.ForEach(sessions.Add);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Every way a session of the user ends, each at its boundary too; returns the active ones, newest first.</summary>
    private async Task<Session[]> SaveEveryKindOfSessionAsync()
    {
        var older = Open(_user, openedAgo: TimeSpan.FromHours(3));
        var newer = Open(_user, openedAgo: TimeSpan.FromHours(1));
        Open(_user, openedAgo: TimeSpan.FromHours(2), revoked: true);
        Open(_user, openedAgo: TimeSpan.FromHours(25));
        Open(_user, openedAgo: TimeSpan.FromHours(24));
        Open(_user, openedAgo: TimeSpan.FromDays(15), usedAgo: TimeSpan.FromHours(1));
        Open(_user, openedAgo: TimeSpan.FromDays(14), usedAgo: TimeSpan.FromHours(1));
        Open(_otherUser, openedAgo: TimeSpan.FromMinutes(30));
        await SaveAsync();
        return [newer, older];
    }

    [Fact]
    public async Task Listing_a_users_active_sessions_loads_no_revoked_or_expired_row()
    {
        var active = await SaveEveryKindOfSessionAsync();
        var activeByTheDomain = _sessions.Where(s => s.UserId == _user.Id && s.IsActiveAt(Now, Lifetime)).Select(s => s.Id);

        await using var scope = _host.Services.CreateAsyncScope();
        var listed = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().ListActiveByUserAsync(_user.Id, Now, Lifetime, CancellationToken.None);

        listed.Select(s => s.Id).Should().Equal(active.Select(s => s.Id)).And.BeEquivalentTo(activeByTheDomain);
        // Filtered after loading, the ended sessions would be tracked too: the query must leave them in the database.
        scope.ServiceProvider.GetRequiredService<AppDbContext>().ChangeTracker.Entries<Session>()
            .Select(e => e.Entity.Id).Should().BeEquivalentTo(active.Select(s => s.Id));
    }

    [Fact]
    public async Task Beyond_the_newest_lists_only_the_older_active_sessions_oldest_first()
    {
        var oldest = Open(_user, openedAgo: TimeSpan.FromHours(4));
        var older = (await SaveEveryKindOfSessionAsync())[1];

        await using var scope = _host.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        var beyond = await repository.ListActiveByUserBeyondNewestAsync(_user.Id, 1, Now, Lifetime, CancellationToken.None);

        beyond.Select(s => s.Id).Should().Equal(oldest.Id, older.Id);
        scope.ServiceProvider.GetRequiredService<AppDbContext>().ChangeTracker.Entries<Session>()
            .Select(e => e.Entity.Id).Should().BeEquivalentTo([oldest.Id, older.Id], "neither the kept nor the ended sessions are loaded");
        (await repository.ListActiveByUserBeyondNewestAsync(_user.Id, 3, Now, Lifetime, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_ended_sessions_removes_revoked_and_expired_rows_only_and_can_run_again()
    {
        var active = await SaveEveryKindOfSessionAsync();
        var othersActive = _sessions.Single(s => s.UserId == _otherUser.Id);

        await using var scope = _host.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        var deleted = await repository.DeleteEndedAsync(Now, Lifetime, CancellationToken.None);
        var deletedAgain = await repository.DeleteEndedAsync(Now, Lifetime, CancellationToken.None);

        deleted.Should().Be(5);
        deletedAgain.Should().Be(0);
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions.Select(s => s.Id).ToListAsync())
            .Should().BeEquivalentTo(active.Select(s => s.Id).Append(othersActive.Id));
    }
}
