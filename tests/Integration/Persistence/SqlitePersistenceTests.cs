using System.Text;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

public sealed class SqlitePersistenceTests : IAsyncLifetime
{
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_up_migrates_a_new_database_file_into_write_ahead_logging()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().NotBeEmpty();
        var journalMode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        journalMode.Should().Be("wal");
        File.Exists(_host.DatabasePath).Should().BeTrue();
    }

    [Fact]
    public async Task Two_users_with_the_same_issuer_and_subject_cannot_both_be_saved()
    {
        var identity = new ExternalIdentity("https://accounts.google.com", "duplicate-sub");
        var profile = new UserProfile("dup@example.com", true, null, null, null, null);
        await using (var first = _host.Services.CreateAsyncScope())
        {
            first.ServiceProvider.GetRequiredService<IUserRepository>().Add(User.Register(identity, profile, DateTimeOffset.UtcNow));
            await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }

        await using var second = _host.Services.CreateAsyncScope();
        second.ServiceProvider.GetRequiredService<IUserRepository>().Add(User.Register(identity, profile, DateTimeOffset.UtcNow));
        var act = () => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);

        await act.Should().ThrowAsync<ExternalIdentityAlreadyRegisteredException>();
    }

    [Fact]
    public async Task Parallel_first_sign_ins_of_one_new_account_all_succeed_with_exactly_one_user()
    {
        const int requests = 6;
        // Hold every request's insert until all have looked the user up and found nobody: the race, every time.
        var barrier = new NewUserSaveBarrier(requests);
        await using var host = await AppHost.StartAsync(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(barrier)));
        var token = host.Key.Sign(GoogleTokens.Payload(subject: "brand-new-account"));

        var results = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => Task.Run(() => host.SignInAsync(token))));

        barrier.Arrivals.Should().Be(requests, "every request tried to create the user");
        results.Select(r => r.User.Id).Distinct().Should().ContainSingle();
        results.Select(r => r.SessionToken).Should().OnlyHaveUniqueItems();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Users.CountAsync(u => u.Subject == "brand-new-account")).Should().Be(1);
        (await db.Sessions.CountAsync()).Should().Be(requests);
    }

    private sealed class NewUserSaveBarrier(int participants) : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrivals;

        public int Arrivals => Volatile.Read(ref _arrivals);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var addsUser = eventData.Context!.ChangeTracker.Entries<User>().Any(e => e.State == EntityState.Added);
            if (addsUser && Interlocked.Increment(ref _arrivals) == participants)
            {
                _allArrived.TrySetResult();
            }

            if (addsUser)
            {
                await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return result;
        }
    }

    [Fact]
    public async Task Sessions_are_found_by_the_hash_of_their_token_which_is_all_the_database_keeps()
    {
        var issued = await _host.SignInAsync(_host.Key.Sign(GoogleTokens.Payload()));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            SessionToken.TryParse(issued.SessionToken, out var token).Should().BeTrue();
            var session = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().FindByTokenHashAsync(token!.Hash(), CancellationToken.None);
            session.Should().NotBeNull();
            session!.UserId.Should().Be(issued.User.Id);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = new[] { _host.DatabasePath, _host.DatabasePath + "-wal" }.Where(File.Exists);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(issued.SessionToken)).Should().Be(-1, $"{Path.GetFileName(file)} must not contain the session token");
        }
    }

    [Fact]
    public async Task A_revoked_session_stays_revoked_for_every_later_request()
    {
        var issued = await _host.SignInAsync(_host.Key.Sign(GoogleTokens.Payload()));
        var session = await _host.AuthenticateAsync(issued.SessionToken);
        session.Should().NotBeNull();

        await _host.RevokeAsync(session!.UserId, session.SessionId);

        (await _host.AuthenticateAsync(issued.SessionToken)).Should().BeNull();
        await using var scope = _host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions.SingleAsync();
        stored.RevokedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_returning_user_keeps_one_row_and_the_newest_profile()
    {
        var first = await _host.SignInAsync(_host.Key.Sign(GoogleTokens.Payload(email: "ada@example.com")));
        var second = await _host.SignInAsync(_host.Key.Sign(GoogleTokens.Payload(email: "ada@lovelace.example")));

        second.User.Id.Should().Be(first.User.Id);
        await using var scope = _host.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync();
        user.Email.Should().Be("ada@lovelace.example");
    }
}
