using System.Net;
using System.Text.Json.Nodes;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The app with three providers added by configuration alone, next to Google: two generic ones (acme,
/// globex) and a Microsoft multi-tenant one (contoso) served by a local OpenID Connect server, and one
/// (offline) whose authority does not answer.
/// </summary>
public sealed class ConfiguredProviders : IAsyncLifetime
{
    public const string AllowedTenant = "6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string ForeignTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public TestSigningKey Key { get; } = new();

    public OpenIdConnectTestServer Server { get; private set; } = null!;

    public GoogleLoginApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await OpenIdConnectTestServer.StartAsync();
        Server.Publish(Key.ToJwk());
        Server.TokenSigningKey = Key;
        Server.TokenEndpointAuthMethodsOf["initech"] = ["client_secret_post"];
        Server.SendsResponseIssuer["initech"] = true;
        App = await GoogleLoginApp.StartAsync(
            "Production",
            // The test browser's origin: outside Development the redirect sign-in needs one configured.
            ("Hosting:PublicOrigin", "http://localhost"),
            ("Auth:Providers:acme:Authority", Server.Authority("acme")),
            ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:acme:DisplayName", "Acme"),
            ("Auth:Providers:acme:ClientSecret", Server.ClientSecret),
            ("Auth:Providers:initech:Authority", Server.Authority("initech")),
            ("Auth:Providers:initech:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:initech:ClientSecret", Server.ClientSecret),
            ("Auth:Providers:globex:Authority", Server.Authority("globex")),
            ("Auth:Providers:globex:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:contoso:Authority", Server.Authority("common/v2.0")),
            ("Auth:Providers:contoso:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:contoso:Kind", "Microsoft"),
            ("Auth:Providers:contoso:Tenants:0", AllowedTenant),
            // Nothing listens on port 9 (discard) of loopback: a provider that is down.
            ("Auth:Providers:offline:Authority", "http://127.0.0.1:9/offline"),
            ("Auth:Providers:offline:ClientIds:0", OpenIdConnectTokens.ClientId));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
        Key.Dispose();
    }
}

public sealed class OpenIdConnectProviderTests(ConfiguredProviders providers) : IClassFixture<ConfiguredProviders>, IDisposable
{
    private GoogleLoginApp App => providers.App;

    public void Dispose() => App.ShouldHaveAnsweredOnlyAsDocumented();

    /// <summary>Signs in at <paramref name="provider"/> as a browser would: a nonce from the app, a token carrying it.</summary>
    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string provider, string issuer, string subject, Action<JsonObject>? customize = null)
    {
        var nonce = await browser.GetNonceAsync();
        var payload = OpenIdConnectTokens.Payload(issuer, subject: subject, email: $"{subject}@{provider}.example", nonce: nonce);
        customize?.Invoke(payload);
        return await browser.SignInAsync(providers.Key.Sign(payload), nonce, provider);
    }

    [Fact]
    public async Task The_config_lists_google_s_button_and_each_provider_with_a_redirect_sign_in()
    {
        var config = await (await App.CreateBrowser().GetAsync("/api/auth/config")).ReadJsonAsync();

        var providers = config.GetProperty("providers").EnumerateArray()
            .Select(p => $"{p.GetProperty("name").GetString()}|{p.GetProperty("displayName").GetString()}|{p.GetProperty("signIn").GetString()}");
        providers.Should().BeEquivalentTo("google|Google|google-button", "acme|Acme|redirect", "initech|initech|redirect");
    }

    [Fact]
    public async Task A_configured_provider_s_id_token_opens_a_session_like_google_s()
    {
        var browser = App.CreateBrowser();

        var response = await SignInAsync(browser, "acme", providers.Server.Authority("acme"), "acme-user");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.SetCookie("__Host-gl-session").Should().NotBeNull();
        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("email").GetString().Should().Be("acme-user@acme.example");
        me.GetProperty("firstName").GetString().Should().Be("Grace");
    }

    [Fact]
    public async Task The_nonce_rules_are_google_s_a_token_without_one_or_with_another_browser_s_is_refused()
    {
        var browser = App.CreateBrowser();
        var withoutNonce = providers.Key.Sign(OpenIdConnectTokens.Payload(providers.Server.Authority("acme"), subject: "acme-no-nonce"));
        (await browser.SignInAsync(withoutNonce, null, "acme")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var otherBrowser = App.CreateBrowser();
        var othersNonce = await otherBrowser.GetNonceAsync();
        var token = providers.Key.Sign(OpenIdConnectTokens.Payload(providers.Server.Authority("acme"), subject: "acme-stolen", nonce: othersNonce));
        (await browser.SignInAsync(token, othersNonce, "acme")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_subject_at_two_providers_is_two_users()
    {
        var atAcme = App.CreateBrowser();
        var atGlobex = App.CreateBrowser();

        var acmeUser = await (await SignInAsync(atAcme, "acme", providers.Server.Authority("acme"), "same-subject")).ReadJsonAsync();
        var globexUser = await (await SignInAsync(atGlobex, "globex", providers.Server.Authority("globex"), "same-subject")).ReadJsonAsync();

        globexUser.GetProperty("id").GetGuid().Should().NotBe(acmeUser.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_token_of_one_provider_does_not_sign_in_at_another()
    {
        var browser = App.CreateBrowser();

        var response = await SignInAsync(browser, "globex", providers.Server.Authority("acme"), "acme-at-globex");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.ReadJsonAsync()).GetProperty("detail").GetString().Should().Be("The ID token could not be verified. Sign in again.");
    }

    [Fact]
    public async Task A_microsoft_account_of_an_allowed_tenant_signs_in_and_a_foreign_tenant_s_is_forbidden()
    {
        void Tenant(JsonObject payload, string tenant)
        {
            payload["iss"] = providers.Server.TenantIssuer(tenant);
            payload["tid"] = tenant;
        }

        var allowed = await SignInAsync(App.CreateBrowser(), "contoso", string.Empty, "entra-user", p => Tenant(p, ConfiguredProviders.AllowedTenant));
        var foreign = await SignInAsync(App.CreateBrowser(), "contoso", string.Empty, "entra-stranger", p => Tenant(p, ConfiguredProviders.ForeignTenant));

        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        foreign.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_user_of_another_provider_claiming_a_gmail_address_never_receives_that_google_account()
    {
        var squatter = await SignInAsync(App.CreateBrowser(), "acme", providers.Server.Authority("acme"), "squatter", p => p["email"] = "victim@gmail.com");
        squatter.StatusCode.Should().Be(HttpStatusCode.OK);

        var victim = await App.SignInAsync(App.CreateBrowser(), subject: "victim-google", email: "victim@gmail.com");

        var problem = await victim.ShouldBeProblemAsync(409);
        problem.GetProperty("detail").GetString().Should().Be(
            "This email address belongs to an account that signs in with Acme. Sign in with Acme, then link Google from your account page.");
    }

    [Fact]
    public async Task A_provider_that_is_down_answers_503_and_google_still_signs_in()
    {
        var browser = App.CreateBrowser();

        var offline = await SignInAsync(browser, "offline", "http://127.0.0.1:9/offline", "offline-user");
        var google = await App.SignInAsync(App.CreateBrowser(), subject: "google-while-offline-is-down");

        offline.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        offline.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        google.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

/// <summary>A provider section that cannot work stops start-up, and the message names the key to fix.</summary>
public sealed class OpenIdConnectProviderStartupTests
{
    [Theory]
    [InlineData("Acme", "https://login.example.com", "client", null, null, "*Auth:Providers:Acme: 'Acme' cannot name a provider*")]
    [InlineData("google", "https://login.example.com", "client", null, null, "*'google' cannot name a provider*")]
    [InlineData("acme", null, "client", null, null, "*Auth:Providers:acme:Authority is missing*")]
    [InlineData("acme", "login.example.com", "client", null, null, "*Auth:Providers:acme:Authority must be an absolute http(s) URL*")]
    [InlineData("acme", "http://login.example.com", "client", null, null, "*Auth:Providers:acme:Authority is not https*")]
    [InlineData("acme", "https://login.example.com", null, null, null, "*Auth:Providers:acme:ClientIds is empty*")]
    [InlineData("entra", "https://login.microsoftonline.com/common/v2.0", "client", "Microsoft", null, "*Auth:Providers:entra:Tenants is empty*")]
    [InlineData("entra", "https://login.microsoftonline.com/organizations/v2.0", "client", "Microsoft", null, "*Auth:Providers:entra:Tenants is empty*")]
    [InlineData("acme", "https://login.example.com", "client", null, "6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "*Auth:Providers:acme:Tenants applies to Kind Microsoft only*")]
    [InlineData("entra", "https://login.microsoftonline.com/Common/v2.0", "client", "Microsoft", null, "*Auth:Providers:entra:Tenants is empty*")]
    [InlineData("entra", "https://login.microsoftonline.com/common/v2.0", "client", "Microsoft", "contoso.com", "*Auth:Providers:entra:Tenants must hold directory (tenant) IDs*")]
    [InlineData("acme", "https://login.example.com", "client", null, null, "*Auth:Providers:acme:ClientSecret is blank*", " ")]
    [InlineData("acme", "https://login.example.com", "client", null, null, "*Auth:Providers:acme:Scopes must include 'openid'*", null, "email profile")]
    [InlineData("acme", "https://login.example.com", "client", "Okta", null, "*Auth:Providers:acme:Kind 'Okta' is none of: OpenIdConnect, Microsoft*")]
    public async Task A_provider_section_that_cannot_work_stops_start_up_naming_the_key(
        string name, string? authority, string? clientId, string? kind, string? tenant, string message, string? clientSecret = null, string? scopes = null)
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ($"Auth:Providers:{name}:Authority", authority),
            ($"Auth:Providers:{name}:ClientIds:0", clientId),
            ($"Auth:Providers:{name}:Kind", kind),
            ($"Auth:Providers:{name}:Tenants:0", tenant),
            ($"Auth:Providers:{name}:ClientSecret", clientSecret),
            ($"Auth:Providers:{name}:Scopes", scopes),
            // A section with no value at all does not exist; this one always has a key.
            ($"Auth:Providers:{name}:DisplayName", "Provider"));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage(message);
    }

    [Theory]
    [InlineData("logout")]
    [InlineData("nonce")]
    [InlineData("sessions")]
    public async Task A_provider_named_after_a_route_of_the_API_stops_start_up(string name)
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ($"Auth:Providers:{name}:Authority", "https://login.example.com"),
            ($"Auth:Providers:{name}:ClientIds:0", "client"));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage($"*Auth:Providers:{name}: '{name}' cannot name a provider: /api/auth/{name} is a route of the API*");
    }

    [Fact]
    public async Task A_single_tenant_microsoft_authority_needs_no_tenant_list()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Auth:Providers:entra:Authority", "https://login.microsoftonline.com/6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/v2.0"),
            ("Auth:Providers:entra:ClientIds:0", "client"),
            ("Auth:Providers:entra:Kind", "Microsoft"));

        (await app.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

/// <summary>The redirect sign-in (authorization code with PKCE) at a configured provider, through the local OpenID Connect server.</summary>
public sealed class RedirectSignInTests(ConfiguredProviders providers) : IClassFixture<ConfiguredProviders>, IDisposable
{
    private GoogleLoginApp App => providers.App;

    private OpenIdConnectTestServer Server => providers.Server;

    public void Dispose()
    {
        Server.NextError = null;
        Server.NextChallengeOverride = null;
        Server.NextSubject = "redirect-user";
        Server.TokenEndpointRedirectsTo = null;
        Server.NextResponseIssuer = null;
        App.ShouldHaveAnsweredOnlyAsDocumented();
    }

    private static async Task<Uri> AtProviderAsync(Uri authorizationUrl)
    {
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await provider.GetAsync(authorizationUrl);
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect, "the test provider approves at once and sends the browser back");
        return answer.Headers.Location!;
    }

    /// <summary>Start at the app, approve at the provider: the callback URL the provider sends the browser to.</summary>
    private static async Task<Uri> StartAsync(HttpClient browser, string returnUrl = "/account", string provider = "acme")
    {
        var start = await browser.GetAsync($"/api/auth/{provider}/start?returnUrl={Uri.EscapeDataString(returnUrl)}");
        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return await AtProviderAsync(start.Headers.Location!);
    }

    private static async Task<string> CallbackAsync(HttpClient browser, Uri callback)
    {
        var answer = await browser.GetAsync(callback.PathAndQuery);
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return answer.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task The_redirect_sign_in_asks_for_a_code_with_pkce_and_comes_back_signed_in_at_the_return_url()
    {
        var browser = App.CreateBrowser();
        var start = await browser.GetAsync("/api/auth/acme/start?returnUrl=%2Faccount%3Ftab%3Dsessions");

        var authorization = start.Headers.Location!;
        authorization.GetLeftPart(UriPartial.Path).Should().Be($"{Server.Authority("acme")}/authorize");
        var bindingCookie = start.SetCookie("__Host-gl-redirect-binding");
        bindingCookie.Should().NotBeNull().And.ContainEquivalentOf("samesite=lax").And.ContainEquivalentOf("httponly").And.ContainEquivalentOf("secure");

        var callback = await AtProviderAsync(authorization);
        var request = Server.LastAuthorizationRequest;
        request["response_type"].Should().Be("code");
        request["client_id"].Should().Be(OpenIdConnectTokens.ClientId);
        request["redirect_uri"].Should().Be("http://localhost/api/auth/acme/callback");
        request["scope"].Should().Be("openid email profile");
        request["code_challenge_method"].Should().Be("S256");
        request["code_challenge"].Should().HaveLength(43);
        request["state"].Length.Should().BeInRange(43, CompleteRedirectSignInHandler.MaxStateLength, "the state is sealed, within the callback's bound");
        request["nonce"].Should().NotBeNullOrEmpty();

        (await CallbackAsync(browser, callback)).Should().Be("/account?tab=sessions");
        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("email").GetString().Should().Be("redirect-user@redirect.example");
        Server.LastClientAuthentication.Should().Be("basic");
    }

    [Fact]
    public async Task A_redirect_sign_in_ends_the_session_the_browser_held_when_it_started()
    {
        var browser = App.CreateBrowser();
        var earlier = await App.SignInAsync(browser, subject: "held-before-redirect");
        var heldCookie = earlier.SetCookie("__Host-gl-session")!.Split(';')[0];
        var start = await browser.GetAsync("/api/auth/acme/start?returnUrl=%2F");
        var bindingCookie = start.SetCookie("__Host-gl-redirect-binding")!.Split(';')[0];
        var callback = await AtProviderAsync(start.Headers.Location!);

        // The provider's return is a cross-site navigation: the browser sends the Lax binding cookie, not the
        // Strict session cookie.
        var returning = App.CreateDefaultClient();
        var finished = await returning.SendAsync(new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery) { Headers = { { "Cookie", bindingCookie } } });

        finished.Headers.Location!.OriginalString.Should().Be("/");
        var replayed = await App.CreateDefaultClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { { "Cookie", heldCookie } } });
        replayed.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the session held at the start ends as the new one begins");
    }

    [Fact]
    public async Task A_provider_that_offers_only_client_secret_post_gets_the_secret_in_the_body()
    {
        Server.NextSubject = "initech-user";
        var browser = App.CreateBrowser();

        (await CallbackAsync(browser, await StartAsync(browser, provider: "initech"))).Should().Be("/account");
        Server.LastClientAuthentication.Should().Be("post");
    }

    [Fact]
    public async Task A_state_is_used_once()
    {
        var browser = App.CreateBrowser();
        var callback = await StartAsync(browser);
        (await CallbackAsync(browser, callback)).Should().Be("/account");

        (await CallbackAsync(browser, callback)).Should().Be("/?signInError=invalid_state");
    }

    [Fact]
    public async Task Two_hundred_starts_from_several_addresses_write_no_row_to_any_table()
    {
        // The first start may make the keys (the nonce key, Data Protection's key ring): once, not per start.
        await StartAsync(App.CreateBrowser());
        var before = await RowsOfEveryTableAsync();
        before.Should().ContainKey("DataProtectionKeys").WhoseValue.Should().BeGreaterThan(0, "the key ring that seals states lives in the database");

        var starts = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => App.CreateBrowser().SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "/api/auth/acme/start?returnUrl=%2Faccount")
            {
                Headers = { { "X-Test-Client-Address", $"198.51.100.{i % 8}" } },
            })));

        starts.Should().AllSatisfy(start => start.Headers.Location!.GetLeftPart(UriPartial.Path).Should().Be($"{Server.Authority("acme")}/authorize"));
        (await RowsOfEveryTableAsync()).Should().Equal(before, "a start writes nothing");
    }

    /// <summary>How many rows each table of the model holds: every entity type's, whoever owns it.</summary>
    private async Task<Dictionary<string, long>> RowsOfEveryTableAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        tables.Should().Contain(["Users", "Sessions", "SignInNonces", "UsedAuthorizationStates", "DataProtectionKeys"]);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
#pragma warning disable EF1002 // The table names are the model's own.
            rows[table] = await db.Database.SqlQueryRaw<long>($"""SELECT count(*) AS "Value" FROM "{table}" """).SingleAsync();
#pragma warning restore EF1002
        }

        return rows;
    }

    [Fact]
    public async Task Two_callbacks_racing_with_one_state_sign_in_exactly_once()
    {
        var browser = App.CreateBrowser();
        var callback = await StartAsync(browser);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => CallbackAsync(browser, callback))));

        outcomes.Count(o => o == "/account").Should().Be(1, string.Join(", ", outcomes));
        outcomes.Where(o => o != "/account").Should().AllBe("/?signInError=invalid_state");
    }

    [Fact]
    public async Task A_state_altered_anywhere_is_refused_and_the_unaltered_one_still_works()
    {
        var browser = App.CreateBrowser();
        var callback = await StartAsync(browser);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();

        foreach (var position in new[] { 0, state.Length / 2, state.Length - 1 })
        {
            var altered = state.ToCharArray();
            altered[position] = altered[position] == 'A' ? 'B' : 'A';
            var alteredCallback = new Uri($"{callback.GetLeftPart(UriPartial.Path)}?code={Uri.EscapeDataString(query["code"]!)}&state={new string(altered)}");
            (await CallbackAsync(browser, alteredCallback)).Should().Be("/?signInError=invalid_state");
        }

        (await CallbackAsync(browser, new Uri($"{callback.GetLeftPart(UriPartial.Path)}?code=x&state={new string('A', CompleteRedirectSignInHandler.MaxStateLength + 1)}")))
            .Should().Be("/?signInError=invalid_state");
        (await CallbackAsync(browser, callback)).Should().Be("/account");
    }

    [Fact]
    public async Task An_answer_naming_another_issuer_is_refused_and_leaves_the_state_to_the_provider_s_own()
    {
        var browser = App.CreateBrowser();
        Server.NextResponseIssuer = Server.Authority("globex");
        var mixedUp = await StartAsync(browser);

        (await CallbackAsync(browser, mixedUp)).Should().Be("/?signInError=invalid_state", "acme's state came back with globex's iss (a mix-up)");
        var itsOwn = new Uri(mixedUp.AbsoluteUri.Replace(Uri.EscapeDataString(Server.Authority("globex")), Uri.EscapeDataString(Server.Authority("acme")), StringComparison.Ordinal));
        (await CallbackAsync(browser, itsOwn)).Should().Be("/account", "an iss that is the provider's issuer exactly is accepted");
    }

    [Fact]
    public async Task A_provider_that_says_its_answers_name_its_issuer_is_refused_an_answer_without_it_and_one_that_does_not_needs_none()
    {
        Server.NextSubject = "initech-iss-user";
        var browser = App.CreateBrowser();
        Server.NextResponseIssuer = string.Empty;
        var withoutIss = await StartAsync(browser, provider: "initech");
        var withIss = await StartAsync(browser, provider: "initech");

        (await CallbackAsync(browser, withoutIss)).Should().Be("/?signInError=invalid_state");
        withIss.Query.Should().Contain($"iss={Uri.EscapeDataString(Server.Authority("initech"))}");
        (await CallbackAsync(browser, withIss)).Should().Be("/account");
        Server.NextSubject = "redirect-user";
        var acme = await StartAsync(browser);
        acme.Query.Should().NotContain("iss=");
        (await CallbackAsync(browser, acme)).Should().Be("/account", "acme does not say it sends iss");
    }

    [Fact]
    public async Task A_state_brought_by_another_browser_fails_there_and_still_works_in_its_own()
    {
        var owner = App.CreateBrowser();
        var callback = await StartAsync(owner);

        (await CallbackAsync(App.CreateBrowser(), callback)).Should().Be("/?signInError=invalid_state");
        (await CallbackAsync(owner, callback)).Should().Be("/account");
    }

    [Fact]
    public async Task A_state_started_at_one_provider_does_not_finish_at_another()
    {
        var browser = App.CreateBrowser();
        var callback = await StartAsync(browser);

        var atInitech = new Uri(callback.PathAndQuery.Replace("/api/auth/acme/", "/api/auth/initech/", StringComparison.Ordinal), UriKind.Relative);
        (await browser.GetAsync(atInitech)).Headers.Location!.OriginalString.Should().Be("/?signInError=invalid_state");
    }

    [Fact]
    public async Task A_callback_without_a_known_state_fails_without_calling_the_provider()
    {
        var browser = App.CreateBrowser();

        (await CallbackAsync(browser, new Uri("http://localhost/api/auth/acme/callback?code=abc&state=unknown"))).Should().Be("/?signInError=invalid_state");
        (await CallbackAsync(browser, new Uri("http://localhost/api/auth/acme/callback"))).Should().Be("/?signInError=invalid_state");
    }

    [Fact]
    public async Task A_code_minted_for_another_pkce_challenge_is_not_redeemed()
    {
        // An attacker's code, injected into the victim's callback: the victim's verifier does not match it.
        Server.NextChallengeOverride = "an-attackers-challenge-aaaaaaaaaaaaaaaaaaaaaa";
        var browser = App.CreateBrowser();

        (await CallbackAsync(browser, await StartAsync(browser))).Should().Be("/?signInError=exchange_failed");
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_endpoint_that_redirects_does_not_get_the_code_and_secret_sent_on()
    {
        await using var elsewhere = await OpenIdConnectTestServer.StartAsync();
        Server.TokenEndpointRedirectsTo = $"{elsewhere.Url}/acme/token";
        Server.NextSubject = "redirected-exchange";
        var browser = App.CreateBrowser();

        (await CallbackAsync(browser, await StartAsync(browser, provider: "initech"))).Should().Be("/?signInError=exchange_failed");
        elsewhere.TokenRequestCount.Should().Be(0, "the code, the verifier and the client secret stay with the provider's own endpoint");
    }

    [Fact]
    public async Task A_person_who_declines_at_the_provider_is_told_so()
    {
        Server.NextError = "access_denied";
        var browser = App.CreateBrowser();

        (await CallbackAsync(browser, await StartAsync(browser))).Should().Be("/?signInError=access_denied");
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("evil.example")]
    public async Task A_return_url_off_this_site_becomes_the_home_page(string returnUrl)
    {
        var browser = App.CreateBrowser();

        (await CallbackAsync(browser, await StartAsync(browser, returnUrl))).Should().Be("/");
    }

    [Theory]
    [InlineData("cross-site", "/?signInError=cross_site_start")]
    [InlineData("same-site", "/?signInError=cross_site_start")]
    [InlineData("same-origin", null)]
    [InlineData("none", null)]
    public async Task Only_this_site_s_pages_or_a_typed_address_start_a_sign_in(string fetchSite, string? refusedTo)
    {
        var browser = App.CreateBrowser();

        var start = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/acme/start") { Headers = { { "Sec-Fetch-Site", fetchSite } } });

        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        if (refusedTo is not null)
        {
            start.Headers.Location!.OriginalString.Should().Be(refusedTo);
            start.SetCookie("__Host-gl-redirect-binding").Should().BeNull();
        }
        else
        {
            start.Headers.Location!.GetLeftPart(UriPartial.Path).Should().Be($"{Server.Authority("acme")}/authorize");
        }
    }

    [Fact]
    public async Task A_provider_without_a_client_secret_offers_no_redirect_sign_in()
    {
        var start = await App.CreateBrowser().GetAsync("/api/auth/globex/start");

        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        start.Headers.Location!.OriginalString.Should().Be("/?signInError=unknown_provider");
    }
}

/// <summary>Google's redirect sign-in (the server-side flow), against a local stand-in for accounts.google.com.</summary>
public sealed class GoogleRedirectSignInTests : IAsyncLifetime
{
    private OpenIdConnectTestServer _google = null!;
    private GoogleLoginApp _app = null!;

    public async Task InitializeAsync()
    {
        _google = await OpenIdConnectTestServer.StartAsync();
        _app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Hosting:PublicOrigin", "http://localhost"),
            ("Auth:Google:ClientSecret", _google.ClientSecret),
            ("Auth:Google:Authority", _google.Authority("google")));
        // Its ID tokens are Google's: Google's issuer, Google's key (the app's key server), the app's Google client ID.
        _google.TokenSigningKey = _app.Key;
        _google.TokenIssuerOverride = GoogleTokens.Issuer;
        _google.NextSubject = "google-redirect-user";
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _google.DisposeAsync();
    }

    /// <summary>
    /// A stand-in's document may name its own authority, or Google's issuer as a copy of Google's document
    /// does; the tokens are held to Google's issuer by Google's verifier either way.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(GoogleTokens.Issuer)]
    public async Task Google_s_redirect_sign_in_reaches_the_same_user_as_its_button(string? documentIssuer)
    {
        _google.IssuerOverride = documentIssuer;
        var viaButton = await (await _app.SignInAsync(_app.CreateBrowser(), subject: "google-redirect-user", email: "google-redirect-user@redirect.example")).ReadJsonAsync();
        var browser = _app.CreateBrowser();

        var start = await browser.GetAsync("/api/auth/google/start?returnUrl=%2F");
        using var atGoogle = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await atGoogle.GetAsync(start.Headers.Location!);
        _google.LastAuthorizationRequest["client_id"].Should().Be(GoogleTokens.ClientId);
        var callback = await browser.GetAsync(back.Headers.Location!.PathAndQuery);

        callback.Headers.Location!.OriginalString.Should().Be("/");
        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("id").GetGuid().Should().Be(viaButton.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Google_s_userinfo_is_not_read_its_id_tokens_carry_the_profile_and_its_verifier_says_which_emails_count()
    {
        _google.ServesUserInfo = true;
        _google.UserInfoAnswers = UserInfoAnswer.ServerError;
        _google.NextSubject = "google-no-userinfo";
        var browser = _app.CreateBrowser();

        var start = await browser.GetAsync("/api/auth/google/start?returnUrl=%2F");
        using var atGoogle = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await atGoogle.GetAsync(start.Headers.Location!);
        var callback = await browser.GetAsync(back.Headers.Location!.PathAndQuery);

        callback.Headers.Location!.OriginalString.Should().Be("/");
        _google.UserInfoRequestCount.Should().Be(0);
    }

    [Fact]
    public async Task A_discovery_document_naming_another_issuer_is_not_google_s()
    {
        _google.IssuerOverride = "https://accounts.google.com.evil.example";

        var start = await _app.CreateBrowser().GetAsync("/api/auth/google/start");

        start.Headers.Location!.OriginalString.Should().Be("/?signInError=provider_unavailable");
    }

    [Fact]
    public async Task Without_a_client_secret_google_offers_no_redirect_sign_in()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production");

        var start = await app.CreateBrowser().GetAsync("/api/auth/google/start");

        start.Headers.Location!.OriginalString.Should().Be("/?signInError=unknown_provider");
    }
}
