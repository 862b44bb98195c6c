using System.Net;
using System.Text.Json.Nodes;
using GoogleLogin.Tests.Support;
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
        App = await GoogleLoginApp.StartAsync(
            "Production",
            ("Auth:Providers:acme:Authority", Server.Authority("acme")),
            ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:acme:DisplayName", "Acme"),
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
    [InlineData("logout", "https://login.example.com", "client", null, null, "*'logout' cannot name a provider*")]
    [InlineData("acme", null, "client", null, null, "*Auth:Providers:acme:Authority is missing*")]
    [InlineData("acme", "login.example.com", "client", null, null, "*Auth:Providers:acme:Authority must be an absolute http(s) URL*")]
    [InlineData("acme", "http://login.example.com", "client", null, null, "*Auth:Providers:acme:Authority is not https*")]
    [InlineData("acme", "https://login.example.com", null, null, null, "*Auth:Providers:acme:ClientIds is empty*")]
    [InlineData("entra", "https://login.microsoftonline.com/common/v2.0", "client", "Microsoft", null, "*Auth:Providers:entra:Tenants is empty*")]
    [InlineData("entra", "https://login.microsoftonline.com/organizations/v2.0", "client", "Microsoft", null, "*Auth:Providers:entra:Tenants is empty*")]
    [InlineData("acme", "https://login.example.com", "client", null, "6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "*Auth:Providers:acme:Tenants applies to Kind Microsoft only*")]
    public async Task A_provider_section_that_cannot_work_stops_start_up_naming_the_key(
        string name, string? authority, string? clientId, string? kind, string? tenant, string message)
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ($"Auth:Providers:{name}:Authority", authority),
            ($"Auth:Providers:{name}:ClientIds:0", clientId),
            ($"Auth:Providers:{name}:Kind", kind),
            ($"Auth:Providers:{name}:Tenants:0", tenant),
            // A section with no value at all does not exist; this one always has a key.
            ($"Auth:Providers:{name}:DisplayName", "Provider"));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage(message);
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
