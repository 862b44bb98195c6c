using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        // One account signing in from several tabs at once: a token and a nonce each.
        var tokens = new List<(string IdToken, string Nonce)>();
        for (var i = 0; i < requests; i++)
        {
            tokens.Add(await host.SignWithNewNonceAsync(GoogleTokens.Payload(subject: "brand-new-account")));
        }

        var results = await Task.WhenAll(tokens.Select(t => Task.Run(() => host.SignInAsync(t.IdToken, t.Nonce))));

        barrier.Arrivals.Should().Be(requests, "every request tried to create the user");
        results.Select(r => r.User.Id).Distinct().Should().ContainSingle();
        results.Select(r => r.SessionToken).Should().OnlyHaveUniqueItems();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Users.CountAsync(u => u.Logins.Any(l => l.Subject == "brand-new-account"))).Should().Be(1);
        (await db.Sessions.CountAsync()).Should().Be(requests);
    }

    [Fact]
    public async Task Sessions_are_found_by_the_hash_of_their_token_which_is_all_the_database_keeps()
    {
        var issued = await _host.SignInAsync(GoogleTokens.Payload());
        // Computed here, not by the product: SHA-256 of the cookie value's bytes.
        var expectedHash = SHA256.HashData(Encoding.ASCII.GetBytes(issued.SessionToken));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions.SingleAsync();
            stored.TokenHash.Should().Equal(expectedHash);
            var session = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().FindByTokenHashAsync(expectedHash, CancellationToken.None);
            session.Should().NotBeNull();
            session!.UserId.Should().Be(issued.User.Id);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var contents = new List<byte[]>();
        foreach (var file in new[] { _host.DatabasePath, _host.DatabasePath + "-wal" }.Where(File.Exists))
        {
            contents.Add(await File.ReadAllBytesAsync(file));
        }

        // The scan can see the session row (its hash is there), and neither form of the token is.
        contents.Should().Contain(bytes => Holds(bytes, expectedHash));
        var tokenText = Encoding.ASCII.GetBytes(issued.SessionToken);
        var tokenBytes = Base64Url.DecodeFromChars(issued.SessionToken);
        tokenBytes.Should().HaveCount(32);
        contents.Should().OnlyContain(bytes => !Holds(bytes, tokenText), "the database must not hold the token's text");
        contents.Should().OnlyContain(bytes => !Holds(bytes, tokenBytes), "the database must not hold the token's raw bytes");
    }

    private static bool Holds(byte[] file, byte[] value) => file.AsSpan().IndexOf(value) >= 0;

    [Fact]
    public async Task A_revoked_session_stays_revoked_for_every_later_request()
    {
        var issued = await _host.SignInAsync(GoogleTokens.Payload());
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
        var first = await _host.SignInAsync(GoogleTokens.Payload(email: "ada@example.com"));
        var second = await _host.SignInAsync(GoogleTokens.Payload(email: "ada@lovelace.example"));

        second.User.Id.Should().Be(first.User.Id);
        await using var scope = _host.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync();
        user.Email.Should().Be("ada@lovelace.example");
    }

    [Fact]
    public async Task The_same_token_and_nonce_posted_in_parallel_signs_in_exactly_once()
    {
        const int requests = 8;
        var (idToken, nonce) = await _host.SignWithNewNonceAsync(GoogleTokens.Payload());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => Task.Run(async () =>
        {
            try
            {
                await _host.SignInAsync(idToken, nonce);
                return "signed-in";
            }
            catch (IdentityTokenRejectedException rejected)
            {
                return rejected.Reason;
            }
        })));

        outcomes.Count(o => o == "signed-in").Should().Be(1);
        outcomes.Where(o => o != "signed-in").Should().AllBe("nonce_unknown_expired_or_used");
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Sessions.CountAsync()).Should().Be(1);
        (await db.SignInNonces.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_delete_that_uses_a_nonce_matches_only_the_binding_it_was_issued_with()
    {
        var (_, nonce) = await _host.SignWithNewNonceAsync(GoogleTokens.Payload());
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(nonce));
        var now = DateTimeOffset.UtcNow;

        await using var scope = _host.Services.CreateAsyncScope();
        var nonces = scope.ServiceProvider.GetRequiredService<ISignInNonceRepository>();
        (await nonces.TryConsumeAsync(hash, SHA256.HashData(Encoding.ASCII.GetBytes(RandomToken.New())), now, CancellationToken.None)).Should().BeFalse();
        (await nonces.IsUnexpiredAsync(hash, now, CancellationToken.None)).Should().BeTrue("another binding's attempt deletes nothing");
        (await nonces.TryConsumeAsync(hash, SHA256.HashData(Encoding.ASCII.GetBytes(_host.Binding)), now, CancellationToken.None)).Should().BeTrue();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().SignInNonces.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_nonce_raced_by_other_clients_stays_its_browsers_and_then_signs_in_once_however_often_that_browser_races()
    {
        var (idToken, nonce) = await _host.SignWithNewNonceAsync(GoogleTokens.Payload());

        // Thieves, each with a binding of its own or an empty cookie, all at once: none may have it.
        var thieves = await RaceAsync(idToken, nonce, [.. Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? RandomToken.New() : string.Empty)]);
        // Then the browser it belongs to, from several tabs at once: exactly one wins.
        var owner = await RaceAsync(idToken, nonce, [.. Enumerable.Repeat(_host.Binding, 6)]);

        thieves.Should().AllBe("nonce_not_bound_to_this_browser");
        owner.Count(o => o == "signed-in").Should().Be(1);
        owner.Where(o => o != "signed-in").Should().AllBe("nonce_unknown_expired_or_used");
        await using var scope = _host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions.CountAsync()).Should().Be(1);
    }

    /// <summary>Posts the token once per binding, all in parallel; each outcome is "signed-in" or the rejection reason.</summary>
    private async Task<string[]> RaceAsync(string idToken, string nonce, IReadOnlyList<string> bindings) =>
        await Task.WhenAll(bindings.Select(binding => Task.Run(async () =>
        {
            try
            {
                await _host.SignInAsync(idToken, nonce, binding);
                return "signed-in";
            }
            catch (IdentityTokenRejectedException rejected)
            {
                return rejected.Reason;
            }
        })));

    [Fact]
    public async Task Nonces_are_stored_as_hashes_and_expire_after_five_minutes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AppHost.StartAsync(services => services.AddSingleton<TimeProvider>(time));
        var (idToken, nonce) = await host.SignWithNewNonceAsync(GoogleTokens.Payload());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SignInNonces.SingleAsync();
            stored.Hash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(nonce)));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        var act = () => host.SignInAsync(idToken, nonce);

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task A_linked_account_and_the_original_both_sign_in_as_one_user()
    {
        await using var host = await AppHost.StartAsync(
            services => services.Configure<GoogleLogin.Infrastructure.Identity.Google.GoogleAuthOptions>(o => o.LinkByVerifiedEmail = true));
        var original = await host.SignInAsync(GoogleTokens.Payload(subject: "original", email: "ada@gmail.com"));

        var linked = await host.SignInAsync(GoogleTokens.Payload(subject: "second-account", email: "Ada@gmail.com"));
        var again = await host.SignInAsync(GoogleTokens.Payload(subject: "original", email: "ada@gmail.com"));

        linked.User.Id.Should().Be(original.User.Id);
        again.User.Id.Should().Be(original.User.Id);
        await using var scope = host.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync();
        user.Logins.Select(l => l.Subject).Should().BeEquivalentTo(["original", "second-account"]);
    }

    [Fact]
    public async Task Upgrading_drops_the_nonces_issued_before_they_were_bound_to_a_browser()
    {
        var directory = Directory.CreateTempSubdirectory("googlelogin-upgrade-").FullName;
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "old.db")}").Options;
        try
        {
            await using (var db = new SqliteAppDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("ExternalLoginsAndSignInNonces");
                await db.Database.ExecuteSqlAsync($"INSERT INTO SignInNonces (Hash, ExpiresAt) VALUES (zeroblob(32), {long.MaxValue});");
            }

            await using (var db = new SqliteAppDbContext(options))
            {
                await db.Database.MigrateAsync();

                (await db.SignInNonces.CountAsync()).Should().Be(0, "an unbound nonce could be used by any client");
                var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('SignInNonces')").ToListAsync();
                columns.Should().Contain("BindingHash");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Upgrading_a_database_from_the_first_release_keeps_its_users_and_sessions()
    {
        var directory = Directory.CreateTempSubdirectory("googlelogin-upgrade-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "old.db")}";
        try
        {
            var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connectionString).Options;
            await using (var db = new SqliteAppDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("InitialCreate");
                // Times as the app stores them.
                var now = (long)new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO Users (Id, Issuer, Subject, Email, EmailVerified, IsActive, CreatedAt, LastSignedInAt)
                    VALUES ('0195f3c4-0000-7000-8000-000000000001', 'https://accounts.google.com', 'old-sub', 'Ada@Example.com', 1, 1, {now}, {now});
                    """);
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO Sessions (Id, UserId, TokenHash, CreatedAt, LastSeenAt, ExpiresAt)
                    VALUES ('0195f3c4-0000-7000-8000-000000000002', '0195f3c4-0000-7000-8000-000000000001', zeroblob(32), {now}, {now}, {now});
                    """);
            }

            await using (var db = new SqliteAppDbContext(options))
            {
                await db.Database.MigrateAsync();

                var user = await db.Users.SingleAsync();
                user.Logins.Should().Equal(new ExternalIdentity("https://accounts.google.com", "old-sub"));
                user.NormalizedEmail.Should().Be("ADA@EXAMPLE.COM");
                (await db.Sessions.SingleAsync()).UserId.Should().Be(user.Id);
                var userColumns = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('Users')").ToListAsync();
                userColumns.Should().NotContain(["Issuer", "Subject"]);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
