using System.Net;
using System.Text.Json;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Linking a redirect provider's account (<c>/api/auth/acme/start?link=true</c>): the same rules as linking
/// by ID token, checked when the link starts and again when the provider sends the browser back.
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
            .With("Auth:Providers:acme:ClientSecret", _server.ClientSecret);
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _key.Dispose();
    }

    /// <summary>Starts at the app: where it sends the browser (the provider, or back with an error), and the binding cookie it set.</summary>
    private static async Task<(Uri Location, string? Binding)> StartAsync(HttpClient browser, string query = "link=true&returnUrl=%2Faccount")
    {
        var start = await browser.GetAsync($"/api/auth/acme/start?{query}");
        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (start.Headers.Location!, start.SetCookie("__Host-gl-redirect-binding")?.Split(';')[0]);
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
        var callback = (await provider.GetAsync((await StartAsync(browser, "returnUrl=%2F")).Location)).Headers.Location!;
        (await browser.GetAsync(callback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/");
        return browser;
    }

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
        returnedTo.Should().Be("/account?linked=acme");
        (await LoginsAsync(browser)).Select(l => l.GetProperty("provider").GetString()).Should().BeEquivalentTo("google", "acme");
        var activity = await (await browser.GetAsync("/api/users/me/activity?limit=1")).ReadJsonAsync();
        activity[0].GetProperty("type").GetString().Should().Be("login_linked");
        activity[0].GetProperty("providerDisplayName").GetString().Should().Be("Acme");
        (await UserIdAsync(browser)).Should().Be(userId, "linking signs nobody in: the browser keeps its session");
        (await UserIdAsync(await SignInThroughAcmeAsync("redirect-link-acme"))).Should().Be(userId);
        _server.LastAuthorizationRequest.Should().NotContainKey("prompt", "a sign-in approves as usual");
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
    public async Task A_link_started_from_a_session_older_than_the_window_goes_back_to_the_page_asking_to_sign_in_again()
    {
        var browser = await _app.SignedInBrowserAsync("redirect-link-stale");
        _time.Advance(TimeSpan.FromMinutes(11));

        (await StartAsync(browser)).Location.OriginalString.Should().Be("/account?linkError=reauthentication_required");
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
    public async Task Without_a_session_there_is_nothing_to_link_to()
    {
        (await StartAsync(_app.CreateBrowser(), "link=true&returnUrl=%2Faccount%3Ftab%3Dlogins")).Location.OriginalString
            .Should().Be("/account?tab=logins&linkError=not_signed_in");
        (await StartAsync(_app.CreateBrowser(), "link=true&returnUrl=https%3A%2F%2Fevil.example%2F")).Location.OriginalString
            .Should().Be("/?linkError=not_signed_in", "a failed link goes back only to a page of this site");
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
}
