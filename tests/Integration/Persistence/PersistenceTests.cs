using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>Persistence through the handlers, on the run's engine (SQLite, or PostgreSQL with TEST_DATABASE=Postgres).</summary>
public sealed class PersistenceTests : IAsyncLifetime
{
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Two_users_with_the_same_issuer_and_subject_cannot_both_be_saved()
    {
        var identity = new ExternalIdentity("https://accounts.google.com", "duplicate-sub");
        var profile = new UserProfile("dup@example.com", true, null, null, null, null);
        await using (var first = _host.Services.CreateAsyncScope())
        {
            first.ServiceProvider.GetRequiredService<IUserRepository>().Add(User.Register(identity, "google", profile, DateTimeOffset.UtcNow));
            await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }

        await using var second = _host.Services.CreateAsyncScope();
        second.ServiceProvider.GetRequiredService<IUserRepository>().Add(User.Register(identity, "google", profile, DateTimeOffset.UtcNow));
        var act = () => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);

        await act.Should().ThrowAsync<ExternalIdentityAlreadyRegisteredException>();
    }

    [Fact]
    public async Task Parallel_first_sign_ins_of_one_new_account_all_succeed_with_exactly_one_user()
    {
        const int requests = 6;
        // Hold every request after its lookup until all have looked the user up and found nobody: the race, every time.
        var barrier = new NewUserLookupBarrier(requests);
        await using var host = await AppHost.StartAsync(services => services.AddAppDbContextInterceptor(barrier));
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
        (await db.SignInNonces.CountAsync()).Should().Be(1, "the nonce's use is recorded once");
    }

    [Fact]
    public async Task The_insert_that_records_a_nonce_s_use_lets_it_in_once_with_its_hashes_and_expiry()
    {
        var key = RandomNumberGenerator.GetBytes(SignInNonce.KeySizeInBytes);
        var binding = RandomToken.New();
        var now = DateTimeOffset.UtcNow;
        var value = SignInNonce.Issue(now, binding, key);
        var use = SignInNonce.Check(value, binding, key, now).Use!;

        await using var scope = _host.Services.CreateAsyncScope();
        var nonces = scope.ServiceProvider.GetRequiredService<ISignInNonceRepository>();
        (await nonces.TryRecordUseAsync(use, CancellationToken.None)).Should().BeTrue();
        (await nonces.TryRecordUseAsync(use, CancellationToken.None)).Should().BeFalse("a nonce is used once");

        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SignInNonces.AsNoTracking().SingleAsync();
        stored.Hash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(value)));
        stored.BindingHash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(binding)));
        stored.ExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds((now + SignInNonce.Lifetime).ToUnixTimeMilliseconds()));
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
    public async Task Used_nonces_are_stored_as_hashes_and_nonces_expire_after_five_minutes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AppHost.StartAsync(services => services.AddSingleton<TimeProvider>(time));
        var (usedToken, usedNonce) = await host.SignWithNewNonceAsync(GoogleTokens.Payload(subject: "used"));
        var (idToken, nonce) = await host.SignWithNewNonceAsync(GoogleTokens.Payload());
        await host.SignInAsync(usedToken, usedNonce);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SignInNonces.SingleAsync();
            stored.Hash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(usedNonce)));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        var act = () => host.SignInAsync(idToken, nonce);

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task Looking_up_users_by_verified_email_uses_the_normalized_email_index()
    {
        var plan = await PlanOfAsync(users => users.ListByVerifiedEmailAsync("ADA@EXAMPLE.COM", CancellationToken.None));

        plan.Should().Contain("IX_Users_NormalizedEmail");
    }

    [Fact]
    public async Task Looking_up_the_user_of_an_external_login_goes_by_the_login_s_key_and_reads_no_other_user()
    {
        var plan = await PlanOfAsync(users => users.FindByExternalIdentityAsync(new ExternalIdentity("https://accounts.google.com", "someone"), CancellationToken.None));

        plan.Should().MatchRegex("sqlite_autoindex_ExternalLogins_1|PK_ExternalLogins");
        // SQLite's "SCAN u" read every user and asked each for the login: a sign-in cost as much as the user count.
        plan.Should().NotMatchRegex("(?m)^SCAN u\\r?$").And.NotContain("Seq Scan on \"Users\"");
    }

    /// <summary>The planner's choice, on this run's engine, for the last query <paramref name="lookup"/> sent.</summary>
    private static async Task<string> PlanOfAsync(Func<IUserRepository, Task> lookup)
    {
        var recorder = new LastCommandRecorder();
        await using var host = await AppHost.StartAsync(services => services.AddAppDbContextInterceptor(recorder));
        await using var scope = host.Services.CreateAsyncScope();
        await lookup(scope.ServiceProvider.GetRequiredService<IUserRepository>());
        var (query, parameters) = recorder.Last!.Value;

        // PostgreSQL would scan an almost empty table whatever its indexes, so it is asked to use an index if it can.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var postgres = host.Database.IsPostgres;
        if (postgres)
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        }

        await using var explain = connection.CreateCommand();
        explain.CommandText = (postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + query;
        foreach (var (name, value) in parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            explain.Parameters.Add(parameter);
        }

        var plan = new StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(reader.FieldCount - 1));
            }
        }

        return $"{plan}{Environment.NewLine}for: {query}";
    }

    /// <summary>Remembers the text and parameters of the last query EF Core sent.</summary>
    private sealed class LastCommandRecorder : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public (string Text, List<(string Name, object? Value)> Parameters)? Last { get; private set; }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command,
            Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Last = (command.CommandText, command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList());
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
