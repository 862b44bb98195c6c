using GoogleLogin.Application.Audit;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>The activity list's pages and the retention delete, on a real database of the run's engine.</summary>
public sealed class SecurityEventRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly User _user = NewUser("user");
    private readonly User _otherUser = NewUser("other");
    private AppHost _host = null!;

    // Small, so that the tests reach it.
    private const int MaxEventsPerUser = 8;

    public async Task InitializeAsync()
    {
        _host = await AppHost.StartAsync(services => services.PostConfigure<AuditOptions>(options => options.MaxEventsPerUser = MaxEventsPerUser));
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();
        users.Add(_user);
        users.Add(_otherUser);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static User NewUser(string subject) =>
        User.Register(new ExternalIdentity("https://accounts.google.com", subject), "google", new UserProfile($"{subject}@example.com", true, null, null, null, null), Now.AddDays(-100));

    /// <summary>Saves each event in its own unit of work, as each request would, in this order.</summary>
    private async Task SaveAsync(params SecurityEvent[] events)
    {
        foreach (var securityEvent in events)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>().Add(securityEvent);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<SecurityEvent>> ListAsync(Guid userId, int limit, long? before = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>().ListByUserAsync(userId, limit, before, CancellationToken.None);
    }

    private static SecurityEvent Event(User user, SecurityEventType type, TimeSpan ago, string? provider = null) =>
        SecurityEvent.Record(user.Id, type, provider, Now - ago, "203.0.113.5", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");

    [Fact]
    public async Task A_user_s_events_come_newest_first_a_page_at_a_time_and_never_another_user_s()
    {
        await SaveAsync(
            Event(_user, SecurityEventType.SignedIn, TimeSpan.FromHours(3), "google"),
            Event(_otherUser, SecurityEventType.SignedIn, TimeSpan.FromHours(2), "google"),
            Event(_user, SecurityEventType.LoginLinked, TimeSpan.FromHours(2), "acme"),
            Event(_user, SecurityEventType.SessionRevoked, TimeSpan.FromHours(1)),
            Event(_user, SecurityEventType.SignedOut, TimeSpan.Zero));

        var first = await ListAsync(_user.Id, limit: 2);
        var second = await ListAsync(_user.Id, limit: 2, before: first[^1].Id);
        var last = await ListAsync(_user.Id, limit: 2, before: second[^1].Id);

        first.Select(e => e.Type).Should().Equal(SecurityEventType.SignedOut, SecurityEventType.SessionRevoked);
        second.Select(e => e.Type).Should().Equal(SecurityEventType.LoginLinked, SecurityEventType.SignedIn);
        last.Should().BeEmpty();
        second[0].Should().Match<SecurityEvent>(e =>
            e.Provider == "acme" && e.OccurredAt == Now - TimeSpan.FromHours(2) && e.IpAddress == "203.0.113.5" && e.UserAgent!.StartsWith("Mozilla/5.0"));
    }

    [Fact]
    public async Task The_retention_delete_removes_only_events_older_than_the_cutoff()
    {
        await SaveAsync(
            Event(_user, SecurityEventType.SignedIn, TimeSpan.FromDays(91), "google"),
            Event(_otherUser, SecurityEventType.SignedIn, TimeSpan.FromDays(90), "google"),
            Event(_user, SecurityEventType.SignedOut, TimeSpan.FromDays(1)));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>().DeleteOlderThanAsync(Now - TimeSpan.FromDays(90), CancellationToken.None))
                .Should().Be(1);
        }

        (await ListAsync(_user.Id, 10)).Select(e => e.Type).Should().Equal(SecurityEventType.SignedOut);
        (await ListAsync(_otherUser.Id, 10)).Should().ContainSingle("an event exactly as old as the retention stays");
    }

    [Fact]
    public async Task A_type_this_version_does_not_know_reads_as_unknown_and_the_list_still_loads()
    {
        await SaveAsync(Event(_user, SecurityEventType.SignedIn, TimeSpan.FromHours(1), "google"), Event(_user, SecurityEventType.SignedOut, TimeSpan.Zero));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var newer = "PasskeyAdded";
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database
                .ExecuteSqlAsync($"UPDATE \"SecurityEvents\" SET \"Type\" = {newer} WHERE \"Type\" = 'SignedOut'");
        }

        (await ListAsync(_user.Id, 10)).Select(e => e.Type).Should().Equal(SecurityEventType.Unknown, SecurityEventType.SignedIn);
    }

    [Fact]
    public async Task Parallel_refusals_of_one_kind_provider_and_hour_record_one_and_the_rest_are_recorded_apart()
    {
        // Each as its own request would: a scope, a context and a connection of its own, all at once.
        async Task<bool> RefuseAsync(User user, SecurityEventType type, string provider, DateTimeOffset at)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>()
                .TryAddRefusalAsync(SecurityEvent.Record(user.Id, type, provider, at, "203.0.113.5", null), CancellationToken.None);
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => RefuseAsync(_user, SecurityEventType.SignInRefusedEmailInUse, "acme", Now.AddMinutes(i)))));
        parallel.Count(recorded => recorded).Should().Be(1);

        (await RefuseAsync(_user, SecurityEventType.SignInRefusedEmailInUse, "acme", Now.AddMinutes(59))).Should().BeFalse("the same hour");
        (await RefuseAsync(_user, SecurityEventType.SignInRefusedEmailInUse, "acme", Now.AddHours(1))).Should().BeTrue("the next hour");
        (await RefuseAsync(_user, SecurityEventType.SignInRefusedEmailInUse, "google", Now)).Should().BeTrue("another provider");
        (await RefuseAsync(_user, SecurityEventType.SignInRefusedDisabled, "acme", Now)).Should().BeTrue("another kind");
        (await RefuseAsync(_otherUser, SecurityEventType.SignInRefusedEmailInUse, "acme", Now)).Should().BeTrue("another user");
        // The person's own events are never held back, however alike.
        await SaveAsync(Event(_user, SecurityEventType.SignedIn, TimeSpan.Zero, "acme"), Event(_user, SecurityEventType.SignedIn, TimeSpan.Zero, "acme"));

        var recorded = await ListAsync(_user.Id, 100);
        recorded.Select(e => (e.Type, e.Provider, e.OccurredAt >= Now.AddHours(1))).Should().BeEquivalentTo(new[]
        {
            (SecurityEventType.SignedIn, "acme", false),
            (SecurityEventType.SignedIn, "acme", false),
            (SecurityEventType.SignInRefusedDisabled, "acme", false),
            (SecurityEventType.SignInRefusedEmailInUse, "google", false),
            (SecurityEventType.SignInRefusedEmailInUse, "acme", false),
            (SecurityEventType.SignInRefusedEmailInUse, "acme", true),
        });
        recorded.Should().AllSatisfy(e => e.IpAddress.Should().Be("203.0.113.5"));
    }

    [Fact]
    public async Task A_user_keeps_only_the_newest_events_up_to_the_limit_whatever_records_them()
    {
        // Two saves of several events each, and the other user's, which count for the other user only.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>();
            for (var i = 0; i < 6; i++)
            {
                repository.Add(Event(_user, SecurityEventType.SignedIn, TimeSpan.FromMinutes(60 - i), "google"));
            }

            repository.Add(Event(_otherUser, SecurityEventType.SignedIn, TimeSpan.FromMinutes(60), "google"));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }

        await SaveAsync(Event(_user, SecurityEventType.SignedOut, TimeSpan.FromMinutes(30)));
        var before = await ListAsync(_user.Id, 100);
        before.Should().HaveCount(7);

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>();
            repository.Add(Event(_user, SecurityEventType.SessionRevoked, TimeSpan.FromMinutes(20)));
            repository.Add(Event(_user, SecurityEventType.SessionRevoked, TimeSpan.FromMinutes(10)));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }

        var kept = await ListAsync(_user.Id, 100);
        kept.Should().HaveCount(MaxEventsPerUser);
        kept.Select(e => e.Id).Should().Equal(kept.Select(e => e.Id).Order().Reverse(), "newest first");
        kept[^1].Id.Should().Be(before[^2].Id, "the oldest one went");

        // A refusal, recorded outside the unit of work, counts and drops the oldest as well.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ISecurityEventRepository>()
                .TryAddRefusalAsync(SecurityEvent.Record(_user.Id, SecurityEventType.SignInRefusedDisabled, "google", Now, null, null), CancellationToken.None))
                .Should().BeTrue();
        }

        var afterRefusal = await ListAsync(_user.Id, 100);
        afterRefusal.Should().HaveCount(MaxEventsPerUser);
        afterRefusal[0].Type.Should().Be(SecurityEventType.SignInRefusedDisabled);
        afterRefusal[^1].Id.Should().Be(kept[^2].Id);
        (await ListAsync(_otherUser.Id, 100)).Should().ContainSingle();
    }
}
