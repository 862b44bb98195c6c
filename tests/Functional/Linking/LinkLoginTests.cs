using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>Linking another sign-in method on purpose, from a session, by that account's ID token.</summary>
public sealed class LinkLoginTests : IAsyncLifetime
{
    // Whole seconds, which both engines store exactly: a sign-in at the same instant as the last changes no time,
    // so a removed login is not betrayed by an update that finds its row gone, and must be seen by reading.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private GoogleLoginApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new GoogleLoginApp { Time = _time };
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>What the account page does: a nonce, the provider's token carrying it, both posted.</summary>
    private async Task<HttpResponseMessage> LinkAsync(HttpClient browser, string subject, string? email = null, bool withNonce = true)
    {
        var nonce = withNonce ? await browser.GetNonceAsync() : null;
        var token = _app.SignGoogleToken(subject, email, nonce);
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/users/me/logins/google")
        {
            Content = JsonContent.Create(new { idToken = token, nonce }),
            Headers = { { "X-CSRF", "1" } },
        });
    }

    private static Task<HttpResponseMessage> UnlinkAsync(HttpClient browser, Guid loginId) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/users/me/logins/{loginId}") { Headers = { { "X-CSRF", "1" } } });

    private static async Task<Guid> LoginIdAsync(HttpClient browser, string email) =>
        (await LoginsAsync(browser)).Single(l => l.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();

    private static async Task<List<JsonElement>> LoginsAsync(HttpClient browser) =>
        [.. (await (await browser.GetAsync("/api/users/me/logins")).ReadJsonAsync()).EnumerateArray()];

    private static async Task<Guid> UserIdAsync(HttpClient browser) =>
        (await (await browser.GetAsync("/api/users/me")).ReadJsonAsync()).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_second_account_linked_from_a_fresh_session_signs_in_to_the_same_user_until_unlinked()
    {
        var browser = await _app.SignedInBrowserAsync("link-first");
        var userId = await UserIdAsync(browser);

        var linked = await LinkAsync(browser, "link-second", "second@example.org");

        linked.StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await linked.ReadJsonAsync();
        login.GetProperty("provider").GetString().Should().Be("google");
        login.GetProperty("email").GetString().Should().Be("second@example.org");
        (await LoginsAsync(browser)).Select(l => l.GetProperty("email").GetString()).Should().Equal("link-first@example.com", "second@example.org");
        var elsewhere = _app.CreateBrowser();
        var viaSecond = await _app.SignInAsync(elsewhere, subject: "link-second", email: "second@example.org");
        (await viaSecond.ReadJsonAsync()).GetProperty("id").GetGuid().Should().Be(userId);

        var unlink = await UnlinkAsync(browser, login.GetProperty("id").GetGuid());

        unlink.StatusCode.Should().Be(HttpStatusCode.OK);
        (await LoginsAsync(browser)).Should().ContainSingle();
        // (Under another address: the user's profile holds the one that account last signed in with.)
        var afterUnlink = await _app.SignInAsync(_app.CreateBrowser(), subject: "link-second", email: "second@elsewhere.example");
        (await afterUnlink.ReadJsonAsync()).GetProperty("id").GetGuid().Should().NotBe(userId, "the account is nobody's login any more: it registers anew");
    }

    [Fact]
    public async Task Linking_from_a_session_older_than_the_window_is_refused_and_signing_in_again_allows_it()
    {
        var browser = await _app.SignedInBrowserAsync("link-stale");
        _time.Advance(TimeSpan.FromMinutes(11));

        var refused = await LinkAsync(browser, "link-stale-thief");

        var problem = await refused.ShouldBeProblemAsync(403);
        problem.GetProperty("title").GetString().Should().Be("Sign in again to change sign-in methods");
        (await LoginsAsync(browser)).Should().ContainSingle();
        (await _app.SignInAsync(browser, subject: "link-stale")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LinkAsync(browser, "link-stale-second")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unlinking_from_a_session_older_than_the_window_is_refused_and_removes_nothing()
    {
        var browser = await _app.SignedInBrowserAsync("unlink-stale");
        (await LinkAsync(browser, "unlink-stale-second", "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await LoginIdAsync(browser, "second@example.org");
        var throughSecond = _app.CreateBrowser();
        (await _app.SignInAsync(throughSecond, subject: "unlink-stale-second", email: "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromMinutes(11));

        var problem = await (await UnlinkAsync(browser, second)).ShouldBeProblemAsync(403);

        problem.GetProperty("code").GetString().Should().Be("reauthentication_required");
        (await LoginsAsync(browser)).Should().HaveCount(2);
        (await throughSecond.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _app.SignInAsync(browser, subject: "unlink-stale")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await UnlinkAsync(browser, second)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<int> LoginCountAsync(Guid userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users
            .Where(u => u.Id == userId)
            .Select(u => u.Logins.Count)
            .SingleAsync();
    }

    [Fact]
    public async Task Parallel_removals_of_both_of_a_user_s_logins_remove_one_and_never_the_last()
    {
        // Each removal counts two logins and takes one, unless each counts after the other has saved. A few
        // rounds: the two requests do not always overlap.
        for (var round = 0; round < 5; round++)
        {
            var browser = await _app.SignedInBrowserAsync($"unlink-both-{round}");
            var userId = await UserIdAsync(browser);
            (await LinkAsync(browser, $"unlink-both-{round}-second", $"second-{round}@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
            var logins = (await LoginsAsync(browser)).Select(l => l.GetProperty("id").GetGuid()).ToList();

            var answers = await Task.WhenAll(logins.Select(id => Task.Run(() => UnlinkAsync(browser, id))));

            answers.Select(a => a.StatusCode).Should().ContainSingle(status => status == HttpStatusCode.OK);
            // The other counted one login left (409), or came after the removal ended this session, which the
            // first login opened (401).
            var refused = answers.Single(a => a.StatusCode != HttpStatusCode.OK);
            var problem = await refused.ShouldBeProblemAsync((int)refused.StatusCode);
            problem.GetProperty("code").GetString().Should().BeOneOf("last_login", "not_signed_in");
            (await LoginCountAsync(userId)).Should().Be(1);
        }
    }

    [Fact]
    public async Task Two_parallel_removals_of_one_login_remove_it_once_and_the_second_finds_none()
    {
        for (var round = 0; round < 5; round++)
        {
            var browser = await _app.SignedInBrowserAsync($"unlink-twice-{round}");
            var userId = await UserIdAsync(browser);
            (await LinkAsync(browser, $"unlink-twice-{round}-second", $"twice-{round}@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
            var second = await LoginIdAsync(browser, $"twice-{round}@example.org");

            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => UnlinkAsync(browser, second))));

            answers.Select(a => a.StatusCode).Should().ContainSingle(status => status == HttpStatusCode.OK);
            await answers.Single(a => a.StatusCode != HttpStatusCode.OK).ShouldBeProblemAsync(404, "not_found");
            (await LoginCountAsync(userId)).Should().Be(1);
        }
    }

    [Fact]
    public async Task A_sign_in_through_a_login_removed_while_it_ran_opens_no_session_for_the_user_it_was_removed_from()
    {
        var gate = new LoginLookupGate();
        await using var paused = _app.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddAppDbContextInterceptor(gate)));
        var browser = paused.CreateDefaultClient(new Uri("http://localhost"), new BrowserCookieHandler());
        var nonce = await browser.GetNonceAsync();
        (await browser.SignInAsync(_app.SignGoogleToken("removed-meanwhile", nonce: nonce), nonce)).StatusCode.Should().Be(HttpStatusCode.OK);
        var userId = await UserIdAsync(browser);
        var linkNonce = await browser.GetNonceAsync();
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/users/me/logins/google")
        {
            Content = JsonContent.Create(new { idToken = _app.SignGoogleToken("removed-meanwhile-second", "second@example.org", linkNonce), nonce = linkNonce }),
            Headers = { { "X-CSRF", "1" } },
        })).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await LoginIdAsync(browser, "second@example.org");

        // A sign-in through the second login has found its user, and waits; meanwhile the login is removed.
        gate.Arm();
        var elsewhere = paused.CreateDefaultClient(new Uri("http://localhost"), new BrowserCookieHandler());
        var signInNonce = await elsewhere.GetNonceAsync();
        var signIn = Task.Run(() => elsewhere.SignInAsync(_app.SignGoogleToken("removed-meanwhile-second", "second@example.org", signInNonce), signInNonce));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        (await UnlinkAsync(browser, second)).StatusCode.Should().Be(HttpStatusCode.OK);
        gate.Release();

        // It signs in as it would have after the removal: the account is nobody's login, and registers anew.
        var signedIn = await signIn;
        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await signedIn.ReadJsonAsync()).GetProperty("id").GetGuid().Should().NotBe(userId);
        (await LoginCountAsync(userId)).Should().Be(1);
        (await (await browser.GetAsync("/api/auth/sessions")).ReadJsonAsync()).GetArrayLength().Should().Be(1, "no session of the user was opened through the removed login");
    }

    [Fact]
    public async Task Unlinking_ends_the_sessions_opened_through_that_login_and_no_others()
    {
        var browser = await _app.SignedInBrowserAsync("unlink-ends");
        (await LinkAsync(browser, "unlink-ends-second", "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
        var throughSecond = new[] { _app.CreateBrowser(), _app.CreateBrowser() };
        foreach (var other in throughSecond)
        {
            (await _app.SignInAsync(other, subject: "unlink-ends-second", email: "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
            // Checked once, so that the session check's cache holds it: the revocation must reach past that.
            (await other.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var throughFirst = await _app.SignedInBrowserAsync("unlink-ends");
        (await throughFirst.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var unlink = await UnlinkAsync(browser, await LoginIdAsync(browser, "second@example.org"));

        unlink.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unlink.ReadJsonAsync()).GetProperty("sessionEnded").GetBoolean().Should().BeFalse();
        foreach (var other in throughSecond)
        {
            await (await other.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
        }

        (await throughFirst.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_session_that_records_no_login_might_be_the_removed_one_s_and_ends_too()
    {
        var browser = await _app.SignedInBrowserAsync("unlink-unrecorded");
        (await LinkAsync(browser, "unlink-unrecorded-second", "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
        // As sessions opened before they recorded their login are.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions
                .ExecuteUpdateAsync(setters => setters.SetProperty(session => session.LoginId, (Guid?)null));
        }

        var unlink = await UnlinkAsync(browser, await LoginIdAsync(browser, "second@example.org"));

        unlink.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unlink.ReadJsonAsync()).GetProperty("sessionEnded").GetBoolean().Should().BeTrue();
        await (await browser.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Unlinking_the_login_this_session_was_opened_through_signs_it_out()
    {
        var browser = await _app.SignedInBrowserAsync("unlink-self");
        (await LinkAsync(browser, "unlink-self-second", "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);

        var unlink = await UnlinkAsync(browser, await LoginIdAsync(browser, "unlink-self@example.com"));

        unlink.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unlink.ReadJsonAsync()).GetProperty("sessionEnded").GetBoolean().Should().BeTrue();
        unlink.SetCookie("__Host-gl-session").Should().Contain("expires=Thu, 01 Jan 1970", "the cookie is cleared");
        await (await browser.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
        var again = _app.CreateBrowser();
        (await _app.SignInAsync(again, subject: "unlink-self-second", email: "second@example.org")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LoginsAsync(again)).Should().ContainSingle();
    }

    [Fact]
    public async Task An_account_that_signs_in_to_another_user_is_not_taken()
    {
        var mallory = await _app.SignedInBrowserAsync("link-mallory");
        var victim = await _app.SignedInBrowserAsync("link-victim");
        var victimId = await UserIdAsync(victim);

        var taken = await LinkAsync(mallory, "link-victim");

        var problem = await taken.ShouldBeProblemAsync(409);
        problem.GetProperty("title").GetString().Should().Be("This account is already in use");
        (await LoginsAsync(mallory)).Should().ContainSingle();
        var victimAgain = await _app.SignInAsync(_app.CreateBrowser(), subject: "link-victim");
        (await victimAgain.ReadJsonAsync()).GetProperty("id").GetGuid().Should().Be(victimId);
    }

    [Fact]
    public async Task Linking_follows_the_sign_in_s_nonce_and_session_rules()
    {
        var browser = await _app.SignedInBrowserAsync("link-rules");

        await (await LinkAsync(browser, "link-rules-no-nonce", withNonce: false)).ShouldBeProblemAsync(401);
        await (await LinkAsync(_app.CreateBrowser(), "link-rules-anonymous")).ShouldBeProblemAsync(401);
        var noCsrf = await browser.PostAsJsonAsync("/api/users/me/logins/google", new { idToken = _app.SignGoogleToken("link-rules-csrf"), nonce = (string?)null });
        await noCsrf.ShouldBeProblemAsync(403);
        await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/users/me/logins/nowhere")
        {
            Content = JsonContent.Create(new { idToken = "x.y.z" }),
            Headers = { { "X-CSRF", "1" } },
        })).ShouldBeProblemAsync(404);
        (await LoginsAsync(browser)).Should().ContainSingle();
    }
}
