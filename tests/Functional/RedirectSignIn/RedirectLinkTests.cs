using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Linking a redirect provider's account (<c>POST /api/users/me/logins/acme/start</c>): the same rules as linking
/// by ID token, checked when the link starts, when the provider sends the browser back, and when the page
/// of the session that started it confirms the account the callback holds (<c>/api/users/me/logins/pending/{id}</c>).
/// </summary>
public sealed class RedirectLinkTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestSigningKey _key = new();
    private OpenIdConnectTestServer _server = null!;
    private GoogleLoginApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenIdConnectTestServer.StartAsync();
        _server.Publish(_key.ToJwk());
        _server.TokenSigningKey = _key;
        _app = new GoogleLoginApp { Time = _time }
            .With("Hosting:PublicOrigin", "http://localhost")
            .With("Auth:Providers:acme:Authority", _server.Authority("acme"))
            .With("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId)
            .With("Auth:Providers:acme:DisplayName", "Acme")
            .With("Auth:Providers:acme:ClientSecret", _server.ClientSecret)
            // No sweep while the clock is moved: an expired pending link must be refused, not merely deleted.
            .With("Auth:Sweep:Interval", "1.00:00:00");
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _key.Dispose();
    }

    /// <summary>The page starts a link: where it sends the browser (the provider), and the binding cookie the answer set.</summary>
    private static async Task<(Uri Location, string? Binding)> StartAsync(HttpClient browser, string returnUrl = "/account")
    {
        var start = await StartLinkAsync(browser, returnUrl);
        start.StatusCode.Should().Be(HttpStatusCode.OK);
        var redirectTo = (await start.ReadJsonAsync()).GetProperty("redirectTo").GetString()!;
        return (new Uri(redirectTo), start.SetCookie("__Host-gl-redirect-binding")?.Split(';')[0]);
    }

    private static Task<HttpResponseMessage> StartLinkAsync(HttpClient browser, string returnUrl = "/account", string provider = "acme", bool csrf = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/me/logins/{provider}/start") { Content = JsonContent.Create(new { returnUrl }) };
        if (csrf)
        {
            request.Headers.Add("X-CSRF", "1");
        }

        return browser.SendAsync(request);
    }

    /// <summary>
    /// The provider approves as <paramref name="subject"/>, and the browser comes back as from another site:
    /// with its Lax binding cookie, not its Strict session cookie. Returns where the app sends it.
    /// </summary>
    private async Task<string> ApproveAndReturnAsync((Uri Location, string? Binding) started, string subject)
    {
        _server.NextSubject = subject;
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await provider.GetAsync(started.Location)).Headers.Location!;
        var answer = await _app.CreateDefaultClient().SendAsync(
            new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery) { Headers = { { "Cookie", started.Binding! } } });
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return answer.Headers.Location!.OriginalString;
    }

    /// <summary>A whole redirect sign-in at acme, in a browser that keeps its cookies.</summary>
    private async Task<HttpClient> SignInThroughAcmeAsync(string subject)
    {
        var browser = _app.CreateBrowser();
        _server.NextSubject = subject;
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var start = await browser.GetAsync("/api/auth/acme/start?returnUrl=%2F");
        var callback = (await provider.GetAsync(start.Headers.Location!)).Headers.Location!;
        (await browser.GetAsync(callback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/");
        return browser;
    }

    /// <summary>The pending link a callback went back to the account page with.</summary>
    private static string PendingLinkOf(string returnedTo)
    {
        returnedTo.Should().StartWith("/account?pendingLink=");
        return returnedTo["/account?pendingLink=".Length..];
    }

    private static Task<HttpResponseMessage> PendingAsync(HttpClient browser, HttpMethod method, string id) =>
        browser.SendAsync(new HttpRequestMessage(method, $"/api/users/me/logins/pending/{id}") { Headers = { { "X-CSRF", "1" } } });

    /// <summary>The whole link: start, approve at the provider as <paramref name="subject"/>, confirm on the page.</summary>
    private async Task<HttpResponseMessage> LinkAsync(HttpClient browser, string subject) =>
        await PendingAsync(browser, HttpMethod.Post, PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(browser), subject)));

    private static async Task<List<JsonElement>> LoginsAsync(HttpClient browser) =>
        [.. (await (await browser.GetAsync("/api/users/me/logins")).ReadJsonAsync()).EnumerateArray()];

    private static async Task<Guid> UserIdAsync(HttpClient browser) =>
        (await (await browser.GetAsync("/api/users/me")).ReadJsonAsync()).GetProperty("id").GetGuid();

    [Fact]
    public async Task An_account_linked_through_the_provider_s_redirect_then_signs_in_to_the_same_user()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-owner");
        var userId = await UserIdAsync(browser);

        var returnedTo = await ApproveAndReturnAsync(await StartAsync(browser), "redirect-link-acme");

        // The provider let the person choose the account, rather than approve whichever one it holds.
        _server.LastAuthorizationRequest.Should().Contain("prompt", "select_account");
        var id = PendingLinkOf(returnedTo);
        var pending = await (await PendingAsync(browser, HttpMethod.Get, id)).ReadJsonAsync();
        pending.GetProperty("provider").GetString().Should().Be("acme");
        pending.GetProperty("displayName").GetString().Should().Be("Acme");
        pending.GetProperty("email").GetString().Should().Be("redirect-link-acme@redirect.example");
        var linked = await (await PendingAsync(browser, HttpMethod.Post, id)).ReadJsonAsync();
        linked.GetProperty("provider").GetString().Should().Be("acme");
        linked.GetProperty("email").GetString().Should().Be("redirect-link-acme@redirect.example");
        (await LoginsAsync(browser)).Select(l => l.GetProperty("provider").GetString()).Should().BeEquivalentTo("google", "acme");
        var activity = await (await browser.GetAsync("/api/users/me/activity?limit=1")).ReadJsonAsync();
        activity[0].GetProperty("type").GetString().Should().Be("login_linked");
        activity[0].GetProperty("providerDisplayName").GetString().Should().Be("Acme");
        (await UserIdAsync(browser)).Should().Be(userId, "linking signs nobody in: the browser keeps its session");
        (await UserIdAsync(await SignInThroughAcmeAsync("redirect-link-acme"))).Should().Be(userId);
        _server.LastAuthorizationRequest.Should().NotContainKey("prompt", "a sign-in approves as usual");
    }

    [Fact]
    public async Task A_callback_with_a_leaked_state_and_another_account_s_code_links_nothing_until_the_page_confirms()
    {
        // The victim starts a link; its authorization URL leaks. The attacker approves it at the provider as
        // himself and sends the victim's browser to the callback with his code and the victim's state.
        var victim = await _app.SignedInBrowserAsync("redirect-link-leak-victim");
        var started = await StartAsync(victim);

        var returnedTo = await ApproveAndReturnAsync(started, "redirect-link-leak-attacker");

        (await LoginsAsync(victim)).Should().ContainSingle("the provider's return alone links nothing");
        var id = PendingLinkOf(returnedTo);
        (await (await PendingAsync(victim, HttpMethod.Get, id)).ReadJsonAsync()).GetProperty("email").GetString()
            .Should().Be("redirect-link-leak-attacker@redirect.example", "the page shows whose account it would add");
        (await PendingAsync(victim, HttpMethod.Delete, id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await PendingAsync(victim, HttpMethod.Post, id)).ShouldBeProblemAsync(404, "not_found");
        (await LoginsAsync(victim)).Should().ContainSingle();
        (await (await victim.GetAsync("/api/users/me/activity")).ReadJsonAsync()).EnumerateArray()
            .Should().NotContain(e => e.GetProperty("type").GetString() == "login_linked");
        var attacker = await SignInThroughAcmeAsync("redirect-link-leak-attacker");
        (await UserIdAsync(attacker)).Should().NotBe(await UserIdAsync(victim), "the attacker's account is a user of its own");
    }

    [Fact]
    public async Task A_pending_link_is_nobody_else_s_to_see_confirm_or_decline_not_even_another_session_of_the_same_user()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-own");
        var id = PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(browser), "redirect-link-own-acme"));
        var sameUserElsewhere = await _app.SignedInBrowserAsync("redirect-link-own");
        var otherUser = await _app.SignedInBrowserAsync("redirect-link-other");

        foreach (var other in new[] { sameUserElsewhere, otherUser })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
            {
                await (await PendingAsync(other, method, id)).ShouldBeProblemAsync(404, "not_found");
            }
        }

        await (await PendingAsync(browser, HttpMethod.Get, Guid.NewGuid().ToString())).ShouldBeProblemAsync(404, "not_found");
        (await LoginsAsync(sameUserElsewhere)).Should().ContainSingle();
        (await PendingAsync(browser, HttpMethod.Post, id)).StatusCode.Should().Be(HttpStatusCode.OK, "it stays its own session's");
        (await LoginsAsync(browser)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_pending_link_is_confirmed_once_and_only_within_the_window_and_its_lifetime()
    {
        var twice = await _app.SignedInBrowserAsync("redirect-link-twice");
        var twiceId = PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(twice), "redirect-link-twice-acme"));
        (await PendingAsync(twice, HttpMethod.Post, twiceId)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await PendingAsync(twice, HttpMethod.Post, twiceId)).ShouldBeProblemAsync(404, "not_found");
        (await LoginsAsync(twice)).Should().HaveCount(2);
        (await (await twice.GetAsync("/api/users/me/activity")).ReadJsonAsync()).EnumerateArray()
            .Count(e => e.GetProperty("type").GetString() == "login_linked").Should().Be(1);

        // Started at 9 minutes of a 10-minute window, confirmed past it.
        var slow = await _app.SignedInBrowserAsync("redirect-link-late");
        _time.Advance(TimeSpan.FromMinutes(9));
        var lateId = PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(slow), "redirect-link-late-acme"));
        _time.Advance(TimeSpan.FromMinutes(2));
        await (await PendingAsync(slow, HttpMethod.Post, lateId)).ShouldBeProblemAsync(403, "reauthentication_required");
        (await LoginsAsync(slow)).Should().ContainSingle();

        var expired = await _app.SignedInBrowserAsync("redirect-link-expired");
        var expiredId = PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(expired), "redirect-link-expired-acme"));
        _time.Advance(GoogleLogin.Domain.Users.PendingLink.Lifetime);
        await (await PendingAsync(expired, HttpMethod.Get, expiredId)).ShouldBeProblemAsync(404, "not_found");
        await (await PendingAsync(expired, HttpMethod.Post, expiredId)).ShouldBeProblemAsync(404, "not_found");
        (await LoginsAsync(expired)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_pending_link_follows_its_session_renewed_by_signing_in_again_in_place_and_no_other_sign_in()
    {
        // Held at 9 minutes of a 10-minute window, confirmed past it: the page has the person sign in again first.
        var browser = await _app.SignedInBrowserAsync("redirect-link-renewed");
        _time.Advance(TimeSpan.FromMinutes(9));
        var id = PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(browser), "redirect-link-renewed-acme"));
        _time.Advance(TimeSpan.FromMinutes(2));
        await (await PendingAsync(browser, HttpMethod.Post, id)).ShouldBeProblemAsync(403, "reauthentication_required");

        var nonce = await browser.GetNonceAsync();
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/reauthenticate/google")
        {
            Headers = { { "X-CSRF", "1" } },
            Content = JsonContent.Create(new { idToken = _app.SignGoogleToken("redirect-link-renewed", nonce: nonce), nonce }),
        })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await PendingAsync(browser, HttpMethod.Post, id)).StatusCode.Should().Be(HttpStatusCode.OK, "the renewed session is the one that started it");
        (await LoginsAsync(browser)).Select(l => l.GetProperty("provider").GetString()).Should().BeEquivalentTo("google", "acme");

        // A plain sign-in in the same browser ends the session it presents, but may be anyone: nothing follows.
        var shared = await _app.SignedInBrowserAsync("redirect-link-left-behind");
        var leftId = PendingLinkOf(await ApproveAndReturnAsync(await StartAsync(shared), "redirect-link-left-behind-acme"));
        (await _app.SignInAsync(shared, subject: "redirect-link-next-person")).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            await (await PendingAsync(shared, method, leftId)).ShouldBeProblemAsync(404, "not_found");
        }

        (await LoginsAsync(shared)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_link_that_fails_after_the_state_is_used_up_says_so_on_its_own_page()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-exchange");
        var started = await StartAsync(browser);
        _server.NextChallengeOverride = "a-challenge-of-another-flow-aaaaaaaaaaaaaa";

        (await ApproveAndReturnAsync(started, "redirect-link-exchange-acme")).Should().Be("/account?linkError=exchange_failed");
        (await LoginsAsync(browser)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_user_disabled_while_at_the_provider_links_nothing()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-disabled");
        var started = await StartAsync(browser);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Users.SingleAsync(u => u.Logins.Any(l => l.Subject == "redirect-link-disabled"))).Deactivate();
            await db.SaveChangesAsync();
        }

        (await ApproveAndReturnAsync(started, "redirect-link-disabled-acme")).Should().Be("/account?linkError=account_disabled");
        _app.Logs.Lines.Should().NotContain(l => l.StartsWith("Error ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_started_from_a_session_older_than_the_window_is_refused_before_the_provider()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-stale");
        _time.Advance(TimeSpan.FromMinutes(11));

        await (await StartLinkAsync(browser)).ShouldBeProblemAsync(403, "reauthentication_required");
        _server.LastAuthorizationRequest.Should().BeEmpty("the person is not sent to the provider for nothing");
    }

    [Fact]
    public async Task A_session_that_grows_too_old_or_is_revoked_while_at_the_provider_links_nothing()
    {
        var revoked = await _app.SignedInBrowserAsync("redirect-link-revoked");
        var revokedStart = await StartAsync(revoked);
        (await revoked.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all") { Headers = { { "X-CSRF", "1" } } }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ApproveAndReturnAsync(revokedStart, "redirect-link-revoked-acme")).Should().Be("/account?linkError=reauthentication_required");

        var slow = await _app.SignedInBrowserAsync("redirect-link-slow");
        _time.Advance(TimeSpan.FromMinutes(9));
        var slowStart = await StartAsync(slow);
        _time.Advance(TimeSpan.FromMinutes(2));
        (await ApproveAndReturnAsync(slowStart, "redirect-link-slow-acme")).Should().Be("/account?linkError=reauthentication_required");

        (await LoginsAsync(slow)).Should().ContainSingle();
        (await UserIdAsync(await SignInThroughAcmeAsync("redirect-link-revoked-acme"))).Should().NotBe(Guid.Empty, "nobody had that account: it registers anew");
    }

    [Fact]
    public async Task Starting_a_link_is_a_post_with_the_csrf_header_from_a_recent_session_for_a_known_provider()
    {
        await (await StartLinkAsync(_app.CreateBrowser())).ShouldBeProblemAsync(401, "not_signed_in");
        var browser = await _app.SignedInBrowserAsync("redirect-link-post");
        await (await StartLinkAsync(browser, csrf: false)).ShouldBeProblemAsync(403, "csrf_rejected");
        await (await StartLinkAsync(browser, provider: "nobody")).ShouldBeProblemAsync(404, "unknown_provider");
        _server.LastAuthorizationRequest.Should().BeEmpty();

        var started = await StartLinkAsync(browser, returnUrl: "https://evil.example/");
        started.SetCookie("__Host-gl-redirect-binding").Should().Contain("httponly").And.Contain("samesite=lax");
        var redirectTo = new Uri((await started.ReadJsonAsync()).GetProperty("redirectTo").GetString()!);
        redirectTo.GetLeftPart(UriPartial.Path).Should().Be(_server.Authority("acme") + "/authorize");
        var returnedTo = await ApproveAndReturnAsync((redirectTo, started.SetCookie("__Host-gl-redirect-binding")!.Split(';')[0]), "redirect-link-post-acme");
        returnedTo.Should().StartWith("/?pendingLink=", "a link goes back only to a page of this site");
    }

    [Fact]
    public async Task A_get_start_with_link_true_only_signs_in()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-get");
        var userId = await UserIdAsync(browser);
        var start = await browser.GetAsync("/api/auth/acme/start?link=true&returnUrl=%2Faccount");
        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        _server.LastAuthorizationRequest.Should().NotContainKey("prompt", "a sign-in approves as usual");

        var returnedTo = await ApproveAndReturnAsync((start.Headers.Location!, start.SetCookie("__Host-gl-redirect-binding")?.Split(';')[0]), "redirect-link-get-acme");

        returnedTo.Should().Be("/account", "the callback signed in, as any sign-in's does");
        (await UserIdAsync(await SignInThroughAcmeAsync("redirect-link-get-acme"))).Should().NotBe(userId, "nothing was linked: the account is a user of its own");
    }

    [Fact]
    public async Task An_account_that_signs_in_to_another_user_is_not_taken()
    {
        var victim = await SignInThroughAcmeAsync("redirect-link-victim");
        var victimId = await UserIdAsync(victim);
        var mallory = await _app.SignedInBrowserAsync("redirect-link-mallory");

        (await ApproveAndReturnAsync(await StartAsync(mallory), "redirect-link-victim")).Should().Be("/account?linkError=login_in_use");

        (await LoginsAsync(mallory)).Should().ContainSingle();
        (await UserIdAsync(await SignInThroughAcmeAsync("redirect-link-victim"))).Should().Be(victimId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("none login consent")]
    public async Task A_link_asks_a_provider_that_offers_no_account_choice_for_a_fresh_sign_in(string? promptValues)
    {
        // A strict provider refuses a prompt its discovery document does not list (invalid_request).
        _server.PromptValues = promptValues?.Split(' ');
        var browser = await _app.SignedInBrowserAsync("redirect-link-prompt-login");

        var returnedTo = await ApproveAndReturnAsync(await StartAsync(browser), "redirect-link-prompt-login-acme");

        _server.LastAuthorizationRequest.Should().Contain("prompt", "login");
        PendingLinkOf(returnedTo).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("access_denied", "access_denied")]
    [InlineData("invalid_request", "provider_error")]
    public async Task A_provider_s_error_during_a_link_goes_back_to_the_account_page_and_is_logged_without_the_state(string error, string code)
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-provider-error");
        var started = await StartAsync(browser);
        _server.NextError = error;
        _server.NextErrorDescription = "unsupported prompt value requested";

        (await ApproveAndReturnAsync(started, "redirect-link-provider-error-acme")).Should().Be($"/account?linkError={code}");

        (await LoginsAsync(browser)).Should().ContainSingle();
        var state = System.Web.HttpUtility.ParseQueryString(started.Location.Query)["state"]!;
        _app.Logs.Lines.Should().ContainSingle(l => l.Contains($"Code={code} Provider=acme ProviderError={error} ProviderErrorDescription=unsupported prompt value requested ", StringComparison.Ordinal));
        _app.Logs.Lines.Concat(_app.LogEvents.Texts).Should().NotContain(l => l.Contains(state, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_s_error_with_a_state_of_another_browser_goes_to_the_sign_in_page()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-provider-error-elsewhere");
        var started = await StartAsync(browser);
        _server.NextError = "access_denied";

        // Without the binding cookie of the browser that started the link, the state says nothing.
        (await ApproveAndReturnAsync((started.Location, "__Host-gl-redirect-binding=" + GoogleLogin.Domain.Common.RandomToken.New()), "redirect-link-elsewhere-acme"))
            .Should().Be("/?signInError=access_denied");
    }

    [Theory]
    [InlineData("invalid_request", "first line\r\nWarning forged: admin signed in", "invalid_request", "first line  Warning forged: admin signed in")]
    [InlineData("invalid request", "\u00e9t\u00e9\t done", "invalid", " t   done")]
    public async Task A_provider_s_error_is_logged_on_one_line_in_printable_ascii(string error, string description, string loggedError, string loggedDescription)
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-provider-error-text");
        var started = await StartAsync(browser);
        _server.NextError = error;
        _server.NextErrorDescription = description;

        (await ApproveAndReturnAsync(started, "redirect-link-provider-error-text-acme")).Should().Be("/account?linkError=provider_error");

        _app.Logs.Lines.Should().ContainSingle(l => l.Contains($"Provider=acme ProviderError={loggedError} ProviderErrorDescription={loggedDescription} EventId=", StringComparison.Ordinal));
        _app.Logs.Lines.Should().NotContain(l => l.Contains("Warning forged", StringComparison.Ordinal) && (l.Contains('\r') || l.Contains('\n')));
    }

    [Fact]
    public async Task A_provider_s_long_error_description_is_cut()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-provider-error-long");
        var started = await StartAsync(browser);
        _server.NextError = "server_error";
        _server.NextErrorDescription = new string('x', 10 * 1024);

        (await ApproveAndReturnAsync(started, "redirect-link-provider-error-long-acme")).Should().Be("/account?linkError=provider_error");

        var line = _app.Logs.Lines.Should().ContainSingle(l => l.Contains("Provider=acme ProviderError=server_error ", StringComparison.Ordinal)).Subject;
        line.Should().Contain($"ProviderErrorDescription={new string('x', GoogleLogin.Application.Common.Exceptions.AuthorizationRefusedException.DescriptionLength)} ")
            .And.NotContain(new string('x', GoogleLogin.Application.Common.Exceptions.AuthorizationRefusedException.DescriptionLength + 1));
    }
}
