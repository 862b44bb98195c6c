using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Signing in again in place ("sudo mode"): by ID token (<c>POST /api/auth/reauthenticate/google</c>) or by redirect
/// (<c>POST /api/auth/reauthenticate/acme/start</c>, then the callback). The session is renewed, only as its own
/// user, and nobody is signed out; any refusal leaves the session as it was.
/// </summary>
public sealed class ReauthenticationTests : IAsyncLifetime
{
    private const string SessionCookie = "__Host-gl-session";
    private const string BindingCookie = "__Host-gl-redirect-binding";

    // Whole seconds, which both engines store exactly.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly TestSigningKey _key = new();
    private OpenIdConnectTestServer _server = null!;
    private GoogleLoginApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenIdConnectTestServer.StartAsync();
        _server.Publish(_key.ToJwk());
        _server.TokenSigningKey = _key;
        _server.Time = _time;
        _app = new GoogleLoginApp { Time = _time }
            .With("Hosting:PublicOrigin", "http://localhost")
            .With("Auth:Providers:acme:Authority", _server.Authority("acme"))
            .With("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId)
            .With("Auth:Providers:acme:DisplayName", "Acme")
            .With("Auth:Providers:acme:ClientSecret", _server.ClientSecret)
            // Its ID tokens sign in without a nonce; a renewal needs one all the same.
            .With("Auth:Providers:acme:RequireNonce", "false")
            .With("Auth:Sweep:Interval", "1.00:00:00");
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        _app.ShouldHaveAnsweredOnlyAsDocumented();
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _key.Dispose();
    }

    /// <summary>A browser signed in with Google as <paramref name="subject"/>, and its session cookie as a request sends it.</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignedInAsync(string subject)
    {
        var browser = _app.CreateBrowser();
        var response = await _app.SignInAsync(browser, subject: subject);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (browser, response.SetCookie(SessionCookie)!.Split(';')[0]);
    }

    /// <summary>A browser signed in through acme's redirect as <paramref name="subject"/>.</summary>
    private async Task<HttpClient> SignedInThroughAcmeAsync(string subject)
    {
        var browser = _app.CreateBrowser();
        _server.NextSubject = subject;
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var start = await browser.GetAsync("/api/auth/acme/start?returnUrl=%2F");
        var callback = (await provider.GetAsync(start.Headers.Location!)).Headers.Location!;
        (await browser.GetAsync(callback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/");
        return browser;
    }

    private static HttpRequestMessage Post(string path, object? body = null, bool csrf = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (csrf)
        {
            request.Headers.Add("X-CSRF", "1");
        }

        return request;
    }

    /// <summary>What the page does: a nonce, Google's token for <paramref name="subject"/> carrying it, both posted.</summary>
    private async Task<HttpResponseMessage> ReauthenticateAsync(HttpClient browser, string subject, bool csrf = true)
    {
        var nonce = await browser.GetNonceAsync();
        return await browser.SendAsync(Post("/api/auth/reauthenticate/google", new { idToken = _app.SignGoogleToken(subject, nonce: nonce), nonce }, csrf));
    }

    private async Task<HttpResponseMessage> LinkGoogleAsync(HttpClient browser, string subject)
    {
        var nonce = await browser.GetNonceAsync();
        return await browser.SendAsync(Post("/api/users/me/logins/google", new { idToken = _app.SignGoogleToken(subject, nonce: nonce), nonce }));
    }

    /// <summary>A request with only this session cookie: whether that session is still alive.</summary>
    private async Task<HttpStatusCode> MeWithAsync(string cookie) =>
        (await _app.CreateClient(new() { HandleCookies = false }).SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { { "Cookie", cookie } } })).StatusCode;

    private static async Task<List<string?>> ActivityTypesAsync(HttpClient browser) =>
        [.. (await (await browser.GetAsync("/api/users/me/activity")).ReadJsonAsync()).EnumerateArray().Select(e => e.GetProperty("type").GetString())];

    /// <summary>The page starts a redirect re-authentication: the provider's URL and the binding cookie.</summary>
    private static async Task<(Uri Location, string Binding)> StartAsync(HttpClient browser, string returnUrl = "/account")
    {
        var start = await browser.SendAsync(Post("/api/auth/reauthenticate/acme/start", new { returnUrl }));
        start.StatusCode.Should().Be(HttpStatusCode.OK);
        return (new Uri((await start.ReadJsonAsync()).GetProperty("redirectTo").GetString()!), start.SetCookie(BindingCookie)!.Split(';')[0]);
    }

    /// <summary>The provider signs the person in as <paramref name="subject"/>; the browser comes back as from another site (no Strict cookie).</summary>
    private async Task<HttpResponseMessage> ApproveAndReturnAsync((Uri Location, string Binding) started, string subject)
    {
        _server.NextSubject = subject;
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await provider.GetAsync(started.Location)).Headers.Location!;
        var answer = await _app.CreateDefaultClient().SendAsync(
            new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery) { Headers = { { "Cookie", started.Binding } } });
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return answer;
    }

    [Fact]
    public async Task Signing_in_again_renews_the_session_in_place_so_a_change_needing_a_recent_sign_in_goes_through()
    {
        var (browser, oldCookie) = await SignedInAsync("reauth-owner");
        var (elsewhere, elsewhereCookie) = await SignedInAsync("reauth-owner");
        _time.Advance(TimeSpan.FromMinutes(11));
        await (await LinkGoogleAsync(browser, "reauth-owner-second")).ShouldBeProblemAsync(403, "reauthentication_required");

        var renewed = await ReauthenticateAsync(browser, "reauth-owner");

        renewed.StatusCode.Should().Be(HttpStatusCode.OK);
        var state = await renewed.ReadJsonAsync();
        state.GetProperty("signedIn").GetBoolean().Should().BeTrue();
        state.GetProperty("user").GetProperty("email").GetString().Should().Be("reauth-owner@example.com");
        state.GetProperty("recentSignInUntil").GetDateTimeOffset().Should().Be(_time.GetUtcNow().AddMinutes(10));
        renewed.SetCookie(SessionCookie)!.Split(';')[0].Should().NotBe(oldCookie, "a new session, with a new cookie");
        (await MeWithAsync(oldCookie)).Should().Be(HttpStatusCode.Unauthorized, "the old session ended as the new one began");
        (await MeWithAsync(elsewhereCookie)).Should().Be(HttpStatusCode.OK, "nothing else is signed out");
        (await browser.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("recentSignInUntil").GetDateTimeOffset()
            .Should().Be(_time.GetUtcNow().AddMinutes(10));

        (await LinkGoogleAsync(browser, "reauth-owner-second")).StatusCode.Should().Be(HttpStatusCode.OK, "the renewed session is a recent sign-in");
        (await ActivityTypesAsync(elsewhere)).Should().Equal("login_linked", "reauthenticated", "signed_in", "signed_in");
        var sessions = (await browser.GetFromJsonAsync<JsonElement>("/api/auth/sessions")).EnumerateArray().ToList();
        sessions.Should().HaveCount(2);
        sessions.Single(s => s.GetProperty("current").GetBoolean()).GetProperty("accountEmail").GetString().Should().Be("reauth-owner@example.com");
    }

    [Fact]
    public async Task An_account_that_is_none_of_the_user_s_is_refused_and_the_session_stays_as_it_was()
    {
        var (browser, cookie) = await SignedInAsync("reauth-victim");
        await SignedInAsync("reauth-other-user");

        var anotherUsers = await ReauthenticateAsync(browser, "reauth-other-user");
        var nobodys = await ReauthenticateAsync(browser, "reauth-nobody");

        await anotherUsers.ShouldBeProblemAsync(403, "reauthentication_mismatch");
        await nobodys.ShouldBeProblemAsync(403, "reauthentication_mismatch");
        anotherUsers.SetCookie(SessionCookie).Should().BeNull();
        nobodys.SetCookie(SessionCookie).Should().BeNull();
        (await MeWithAsync(cookie)).Should().Be(HttpStatusCode.OK);
        (await ActivityTypesAsync(browser)).Should().Equal("signed_in");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Users.CountAsync(u => u.Logins.Any(l => l.Subject == "reauth-nobody"))).Should().Be(0, "re-authenticating registers nobody");
    }

    [Fact]
    public async Task Re_authentication_needs_a_session_and_the_csrf_header()
    {
        await (await ReauthenticateAsync(_app.CreateBrowser(), "reauth-anonymous")).ShouldBeProblemAsync(401, "not_signed_in");
        var (browser, _) = await SignedInAsync("reauth-csrf");
        await (await ReauthenticateAsync(browser, "reauth-csrf", csrf: false)).ShouldBeProblemAsync(403, "csrf_rejected");
        await (await browser.SendAsync(Post("/api/auth/reauthenticate/acme/start", new { returnUrl = "/account" }, csrf: false)))
            .ShouldBeProblemAsync(403, "csrf_rejected");
        await (await _app.CreateBrowser().SendAsync(Post("/api/auth/reauthenticate/acme/start", new { returnUrl = "/account" })))
            .ShouldBeProblemAsync(401, "not_signed_in");
    }

    [Fact]
    public async Task A_redirect_re_authentication_asks_for_a_fresh_sign_in_and_renews_the_session_that_started_it()
    {
        var browser = await SignedInThroughAcmeAsync("reauth-acme-owner");
        var before = await SessionIdsAsync(browser);
        _time.Advance(TimeSpan.FromMinutes(11));

        var started = await StartAsync(browser);
        var query = QueryHelpers.ParseQuery(started.Location.Query);
        query["max_age"].ToString().Should().Be("0");
        query["prompt"].ToString().Should().Be("login");
        var answer = await ApproveAndReturnAsync(started, "reauth-acme-owner");

        answer.Headers.Location!.OriginalString.Should().Be("/account?reauthenticated=acme");
        var cookie = answer.SetCookie(SessionCookie)!.Split(';')[0];
        (await MeWithAsync(cookie)).Should().Be(HttpStatusCode.OK);
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the session that started it was renewed");
        var renewed = _app.CreateClient(new() { HandleCookies = false });
        renewed.DefaultRequestHeaders.Add("Cookie", cookie);
        (await ActivityTypesAsync(renewed)).Should().Equal("reauthenticated", "signed_in");
        (await SessionIdsAsync(renewed)).Should().ContainSingle().Which.Should().NotBe(before.Single());
    }

    [Fact]
    public async Task A_redirect_re_authentication_with_another_account_or_after_its_session_ended_goes_back_with_its_code()
    {
        var browser = await SignedInThroughAcmeAsync("reauth-acme-victim");
        await SignedInThroughAcmeAsync("reauth-acme-other-user");
        var mismatch = await ApproveAndReturnAsync(await StartAsync(browser), "reauth-acme-other-user");

        mismatch.Headers.Location!.OriginalString.Should().Be("/account?reauthError=reauthentication_mismatch");
        mismatch.SetCookie(SessionCookie).Should().BeNull();
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the session stays as it was");

        var started = await StartAsync(browser);
        (await browser.LogoutAsync()).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var ended = await ApproveAndReturnAsync(started, "reauth-acme-victim");

        ended.Headers.Location!.OriginalString.Should().Be("/account?reauthError=not_signed_in");
        ended.SetCookie(SessionCookie).Should().BeNull("a session signed out while at the provider is not renewed");
    }

    [Fact]
    public async Task An_id_token_without_a_nonce_renews_nothing_even_where_sign_in_allows_it()
    {
        var browser = await SignedInThroughAcmeAsync("reauth-acme-no-nonce");
        var before = await SessionIdsAsync(browser);
        var idToken = _key.Sign(OpenIdConnectTokens.Payload(_server.Authority("acme"), subject: "reauth-acme-no-nonce"));

        var answer = await browser.SendAsync(Post("/api/auth/reauthenticate/acme", new { idToken }));

        await answer.ShouldBeProblemAsync(401, "token_rejected");
        (await SessionIdsAsync(browser)).Should().Equal(before, "the session stays as it was");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_that_did_not_sign_the_person_in_again_renews_nothing(bool sendsAuthTime)
    {
        var browser = await SignedInThroughAcmeAsync("reauth-acme-stale");
        var before = await SessionIdsAsync(browser);
        // Signed in before the start, beyond the clock tolerance (30 s): its browser session was kept, max_age ignored.
        _server.AuthTimeAge = sendsAuthTime ? TimeSpan.FromSeconds(31) : null;

        var answer = await ApproveAndReturnAsync(await StartAsync(browser), "reauth-acme-stale");

        answer.Headers.Location!.OriginalString.Should().Be("/account?reauthError=token_rejected");
        answer.SetCookie(SessionCookie).Should().BeNull();
        (await SessionIdsAsync(browser)).Should().Equal(before, "the session stays as it was");
        (await ActivityTypesAsync(browser)).Should().Equal("signed_in");
    }

    [Fact]
    public async Task Starting_a_redirect_re_authentication_writes_nothing()
    {
        var browser = await SignedInThroughAcmeAsync("reauth-acme-start");
        var before = await RowCountsAsync();

        await StartAsync(browser);

        (await RowCountsAsync()).Should().Equal(before, "the state travels sealed; the session, its events and the nonces are untouched");
    }

    private static async Task<List<Guid>> SessionIdsAsync(HttpClient browser) =>
        [.. (await browser.GetFromJsonAsync<JsonElement>("/api/auth/sessions")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid())];

    /// <summary>How many rows each table of the model holds, by table.</summary>
    private async Task<Dictionary<string, int>> RowCountsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
            // The model's own table names, quoted: no input of any request.
            var count = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
            counts[table] = await db.Database.SqlQueryRaw<int>(count).SingleAsync();
        }

        counts["revoked sessions"] = await db.Sessions.CountAsync(session => session.RevokedAt != null);
        return counts;
    }
}
