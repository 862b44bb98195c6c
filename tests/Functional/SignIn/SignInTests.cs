using System.Net;
using System.Text;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Functional;

public sealed class SignInTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    [Fact]
    public async Task A_valid_google_token_signs_in_returns_the_user_and_sets_an_http_only_strict_secure_cookie()
    {
        var browser = app.CreateBrowser();

        var response = await app.SignInAsync(browser, subject: "sign-in-1", email: "ada@example.com");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var user = await response.ReadJsonAsync();
        user.GetProperty("id").GetGuid().Should().NotBeEmpty();
        user.GetProperty("email").GetString().Should().Be("ada@example.com");
        user.GetProperty("firstName").GetString().Should().Be("Ada");
        user.GetProperty("lastName").GetString().Should().Be("Lovelace");
        user.GetProperty("pictureUrl").GetString().Should().Be("https://lh3.googleusercontent.com/a/ada");
        user.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("id", "email", "firstName", "lastName", "pictureUrl");

        var cookie = response.SetCookie("__Host-gl-session");
        cookie.Should().NotBeNull();
        cookie.Should().ContainEquivalentOf("httponly").And.ContainEquivalentOf("samesite=strict").And.ContainEquivalentOf("path=/");
        cookie.Should().ContainEquivalentOf("secure", "outside Development, even over plain HTTP");
        cookie.Should().ContainEquivalentOf("expires=");
        response.SetCookie("gl-session").Should().BeNull();
    }

    [Fact]
    public async Task Over_https_the_cookie_is_secure_and_host_prefixed_and_keeps_working()
    {
        var browser = app.CreateBrowser(https: true);

        var response = await app.SignInAsync(browser, subject: "https-user");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = response.SetCookie("__Host-gl-session");
        cookie.Should().NotBeNull();
        cookie.Should().ContainEquivalentOf("secure").And.ContainEquivalentOf("httponly").And.ContainEquivalentOf("samesite=strict").And.ContainEquivalentOf("path=/");
        cookie.Should().NotContainEquivalentOf("domain=", "__Host- cookies are host-only");
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_signed_in_browser_gets_its_user_from_me()
    {
        var browser = app.CreateBrowser();
        var signIn = await (await app.SignInAsync(browser, subject: "me-user", email: "me@example.com")).ReadJsonAsync();

        var me = await browser.GetAsync("/api/users/me");

        me.StatusCode.Should().Be(HttpStatusCode.OK);
        me.Headers.CacheControl!.NoStore.Should().BeTrue("it is one user's data");
        var user = await me.ReadJsonAsync();
        user.GetProperty("id").GetGuid().Should().Be(signIn.GetProperty("id").GetGuid());
        user.GetProperty("email").GetString().Should().Be("me@example.com");
    }

    [Fact]
    public async Task Signing_in_again_updates_the_same_user_from_the_newest_token()
    {
        var first = await (await app.SignInAsync(app.CreateBrowser(), subject: "returning", email: "old@example.com")).ReadJsonAsync();

        var second = await (await app.SignInAsync(app.CreateBrowser(), subject: "returning", email: "new@example.com")).ReadJsonAsync();

        second.GetProperty("id").GetGuid().Should().Be(first.GetProperty("id").GetGuid());
        second.GetProperty("email").GetString().Should().Be("new@example.com");
    }

    [Fact]
    public async Task Each_sign_in_opens_a_new_session_even_from_a_browser_that_has_one()
    {
        var browser = app.CreateBrowser();
        var first = (await app.SignInAsync(browser, subject: "fixation")).SetCookie("__Host-gl-session");

        var second = (await app.SignInAsync(browser, subject: "fixation")).SetCookie("__Host-gl-session");

        first.Should().NotBeNull();
        second.Should().NotBeNull();
        second!.Split(';')[0].Should().NotBe(first!.Split(';')[0]);
    }

    [Fact]
    public async Task Parallel_first_sign_ins_of_one_account_all_succeed_as_one_user()
    {
        const int tabs = 6;
        var linesBefore = app.Logs.Lines.Count;
        // Hold every request after its lookup until all have looked the user up and found nobody: the race, every time.
        var barrier = new NewUserLookupBarrier(tabs);
        await using var racing = app.WithWebHostBuilder(host => host.ConfigureTestServices(
            services => services.AddAppDbContextInterceptor(barrier)));
        // One account, several tabs: each with its own nonce and token, posted at once.
        var browsers = Enumerable.Range(0, tabs).Select(_ => racing.CreateDefaultClient(new Uri("http://localhost"), new BrowserCookieHandler())).ToList();
        var nonces = await Task.WhenAll(browsers.Select(b => b.GetNonceAsync()));
        var tokens = nonces.Select(n => app.SignGoogleToken(subject: "parallel-first-sign-in", nonce: n)).ToList();

        var responses = await Task.WhenAll(browsers.Select((b, i) => b.SignInAsync(tokens[i], nonces[i])));

        barrier.Arrivals.Should().Be(tabs, "every request tried to create the user");
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync()).GetProperty("id").GetGuid()));
        ids.Distinct().Should().ContainSingle();
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.CountAsync(u => u.Logins.Any(l => l.Subject == "parallel-first-sign-in"))).Should().Be(1);
        // A race the app handles pages nobody: an operator alerting on errors sees none.
        app.Logs.Lines.Skip(linesBefore).Should().NotContain(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_user_is_refused_with_403_and_their_sessions_stop_working()
    {
        var browser = await app.SignedInBrowserAsync("to-disable");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Users.SingleAsync(u => u.Logins.Any(l => l.Subject == "to-disable"))).Deactivate();
            await db.SaveChangesAsync();
        }

        var refused = await (await app.SignInAsync(app.CreateBrowser(), subject: "to-disable")).ShouldBeProblemAsync(403);
        refused.GetProperty("title").GetString().Should().Be("Account disabled");
        await (await browser.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Every_kind_of_bad_token_gets_the_same_generic_401()
    {
        using var otherKey = new TestSigningKey();
        var browser = app.CreateBrowser();
        var replayedNonce = await browser.GetNonceAsync();
        var replayed = app.SignGoogleToken(subject: "replayed", nonce: replayedNonce);
        (await browser.SignInAsync(replayed, replayedNonce)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var impostorKey = new TestSigningKey(keyId: app.Key.KeyId);
        // Each token fails a different check: the log names it, the response must not.
        var badTokens = new List<(string Token, string? Nonce, string Reason)>
        {
            ("abc", null, "malformed"),
            ("a.b.c", null, "malformed"),
            (otherKey.Sign(GoogleTokens.Payload(nonce: await browser.GetNonceAsync())), null, "unknown_kid"),
            (app.Key.Sign(GoogleTokens.Payload(audience: "someone-else", nonce: await browser.GetNonceAsync())), null, "invalid_token"),
            (app.Key.Sign(GoogleTokens.Payload(issuedAt: DateTimeOffset.UtcNow.AddHours(-3), nonce: await browser.GetNonceAsync())), null, "invalid_token"),
            (impostorKey.Sign(GoogleTokens.Payload(nonce: await browser.GetNonceAsync())), null, "invalid_token"),
            (app.SignGoogleToken(), null, "nonce_missing"),
            (app.SignGoogleToken(nonce: "never-issued"), "never-issued", "nonce_unknown_expired_or_used"),
            (app.SignGoogleToken(nonce: await browser.GetNonceAsync()), "not-the-token's-nonce", "nonce_mismatch"),
            (replayed, replayedNonce, "nonce_unknown_expired_or_used"),
        };

        var bodies = new List<string>();
        foreach (var (token, nonce, reason) in badTokens)
        {
            var linesBefore = app.Logs.Lines.Count;
            var problem = await (await app.CreateBrowser().SignInAsync(token, nonce)).ShouldBeProblemAsync(401);
            app.Logs.ShouldHaveRejectedTokenFor(linesBefore, reason);
            bodies.Add($"{problem.GetProperty("title")}|{problem.GetProperty("detail")}");
        }

        bodies.Distinct().Should().ContainSingle("the response must not say which check failed");
    }

    [Fact]
    public async Task Outside_the_allowed_hosted_domains_sign_in_is_403_judged_by_the_hd_claim_only()
    {
        await using var restricted = await GoogleLoginApp.StartAsync("Production", ("Auth:Google:HostedDomains:0", "example.com"));

        // An address at the domain proves nothing: consumer accounts can use any email.
        var linesBefore = restricted.Logs.Lines.Count;
        var outsider = await (await restricted.SignInAsync(restricted.CreateBrowser(), subject: "outsider", email: "outsider@example.com")).ShouldBeProblemAsync(403);
        outsider.GetProperty("title").GetString().Should().Be("Account not allowed");
        restricted.Logs.ShouldHaveRejectedTokenFor(linesBefore, "hosted_domain_not_allowed");
        var elsewhere = await (await restricted.SignInAsync(restricted.CreateBrowser(), subject: "elsewhere", customize: p => p["hd"] = "example.org")).ShouldBeProblemAsync(403);
        elsewhere.GetProperty("title").GetString().Should().Be("Account not allowed");
        (await restricted.SignInAsync(restricted.CreateBrowser(), subject: "member", email: "member@example.com", customize: p => p["hd"] = "example.com"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_provider_is_404()
    {
        await (await app.CreateBrowser().SignInAsync(app.SignGoogleToken(), provider: "facebook")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task Missing_or_empty_tokens_and_empty_nonces_are_400_validation_problems()
    {
        var browser = app.CreateBrowser();

        var empty = await (await browser.SignInAsync("")).ShouldBeProblemAsync(400);
        empty.GetProperty("errors").GetProperty("idToken").GetArrayLength().Should().BeGreaterThan(0);

        var missing = await PostJsonAsync(browser, "{}");
        (await missing.ShouldBeProblemAsync(400)).GetProperty("errors").GetProperty("idToken").GetArrayLength().Should().BeGreaterThan(0);

        await (await browser.SignInAsync(app.SignGoogleToken(), nonce: "")).ShouldBeProblemAsync(400);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{\"idToken\": 42}")]
    public async Task Bodies_that_are_not_a_sign_in_request_are_400(string body)
    {
        await (await PostJsonAsync(app.CreateBrowser(), body)).ShouldBeProblemAsync(400);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    public async Task Json_in_utf8_however_the_header_spells_it_is_read(string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new StringContent("""{"idToken":"not-a-token"}""", Encoding.UTF8),
            Headers = { { "X-CSRF", "1" } },
        };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        await (await app.CreateBrowser().SendAsync(request)).ShouldBeProblemAsync(401);
    }

    [Theory]
    // The framework's JSON reader cannot decode a quoted charset: refused here rather than failing there.
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/merge-patch+json")]
    [InlineData("text/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Sign_in_accepts_only_json_bodies(string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new StringContent("idToken=abc", Encoding.UTF8),
            Headers = { { "X-CSRF", "1" } },
        };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        await (await app.CreateBrowser().SendAsync(request)).ShouldBeProblemAsync(415);
    }

    [Fact]
    public async Task When_the_key_server_cannot_be_reached_sign_in_is_503_not_500()
    {
        await using var isolated = await GoogleLoginApp.StartAsync();
        isolated.KeyServer.FailWith = HttpStatusCode.BadGateway;

        await (await isolated.SignInAsync(isolated.CreateBrowser())).ShouldBeProblemAsync(503);
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string json) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { { "X-CSRF", "1" } },
        });
}
