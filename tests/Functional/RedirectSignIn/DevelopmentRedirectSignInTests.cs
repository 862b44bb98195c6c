using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>The app in Development with no configuration, its own development identity provider offering both sign-ins.</summary>
public sealed class DevelopmentProviderApp : IAsyncLifetime
{
    public GoogleLoginApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The development identity provider as an OpenID Connect provider of its own: with no configuration and
/// no network, the redirect sign-in (authorization code with PKCE) goes through discovery, its account
/// chooser page and its token endpoint, and the ID token through the generic verifier.
/// </summary>
public sealed class DevelopmentRedirectSignInTests(DevelopmentProviderApp fixture) : IClassFixture<DevelopmentProviderApp>, IDisposable
{
    private const string Callback = "http://localhost/api/auth/development/callback";

    private GoogleLoginApp App => fixture.App;

    public void Dispose() => App.ShouldHaveAnsweredOnlyAsDocumented();

    /// <summary>A valid authorization request as the chooser page posts it, with the person's choice.</summary>
    public static Dictionary<string, object?> AuthorizationRequest(
        string? accountId = null,
        bool deny = false,
        string redirectUri = Callback,
        string clientId = "googlelogin-development-redirect",
        string codeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") => new()
        {
            ["responseType"] = "code",
            ["clientId"] = clientId,
            ["redirectUri"] = redirectUri,
            ["scope"] = "openid email profile",
            ["state"] = "state-1",
            ["nonce"] = "nonce-1",
            ["codeChallenge"] = codeChallenge,
            ["codeChallengeMethod"] = "S256",
            ["deny"] = deny,
            ["accountId"] = accountId,
        };

    /// <summary>What the chooser page does with the authorization request it was opened with: post it with the choice.</summary>
    private static Task<HttpResponseMessage> AnswerAsync(HttpClient browser, Dictionary<string, object?> request) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/dev-identity/authorize")
        {
            Content = JsonContent.Create(request),
            Headers = { { "X-CSRF", "1" } },
        });

    private static async Task<Uri> RedirectToAsync(HttpResponseMessage answer)
    {
        answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return new Uri((await answer.ReadJsonAsync()).GetProperty("redirectTo").GetString()!);
    }

    /// <summary>Start at the app and choose at the development provider's page: where the page sends the browser back to.</summary>
    internal static async Task<Uri> StartAndChooseAsync(HttpClient browser, string returnUrl, string? accountId = null, bool deny = false)
    {
        var start = await browser.GetAsync($"/api/auth/development/start?returnUrl={Uri.EscapeDataString(returnUrl)}");
        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var authorization = start.Headers.Location!;
        authorization.GetLeftPart(UriPartial.Path).Should().Be("http://localhost/dev-identity/authorize", "the chooser page is on the app's own origin");
        var query = QueryHelpers.ParseQuery(authorization.Query);
        var request = AuthorizationRequest(accountId, deny);
        foreach (var (name, parameter) in new[]
                 {
                     ("responseType", "response_type"), ("clientId", "client_id"), ("redirectUri", "redirect_uri"), ("scope", "scope"),
                     ("state", "state"), ("nonce", "nonce"), ("codeChallenge", "code_challenge"), ("codeChallengeMethod", "code_challenge_method"),
                 })
        {
            request[name] = query[parameter].Single();
        }

        return await RedirectToAsync(await AnswerAsync(browser, request));
    }

    [Fact]
    public async Task With_no_configuration_the_development_provider_offers_the_redirect_sign_in_beside_the_test_accounts()
    {
        var browser = App.CreateBrowser();
        var config = await (await browser.GetAsync("/api/auth/config")).ReadJsonAsync();
        config.GetProperty("developmentSignIn").GetBoolean().Should().BeTrue();
        var provider = config.GetProperty("providers").EnumerateArray().Should().ContainSingle().Subject;
        provider.GetProperty("name").GetString().Should().Be("development");
        provider.GetProperty("displayName").GetString().Should().Be("the development provider");
        provider.GetProperty("signIn").GetString().Should().Be("redirect");

        var callback = await StartAndChooseAsync(browser, "/account?tab=sessions", accountId: "grace");
        callback.GetLeftPart(UriPartial.Path).Should().Be(Callback);

        var done = await browser.GetAsync(callback.PathAndQuery);
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        done.Headers.Location!.OriginalString.Should().Be("/account?tab=sessions");
        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("email").GetString().Should().Be("grace@gmail.com");
        me.GetProperty("firstName").GetString().Should().Be("Grace");
    }

    [Fact]
    public async Task The_development_provider_names_itself_in_its_answer_and_one_without_its_name_is_refused()
    {
        var browser = App.CreateBrowser();
        var callback = await StartAndChooseAsync(browser, "/account", accountId: "ada");
        var query = QueryHelpers.ParseQuery(callback.Query);
        query["iss"].ToString().Should().Be("http://development-identity.localhost");

        var withoutIss = $"{callback.AbsolutePath}?code={Uri.EscapeDataString(query["code"]!)}&state={Uri.EscapeDataString(query["state"]!)}";
        (await browser.GetAsync(withoutIss)).Headers.Location!.OriginalString.Should().Be("/?signInError=invalid_state");
        (await browser.GetAsync(callback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/account");
    }

    [Fact]
    public async Task Cancelling_at_the_development_provider_comes_back_as_access_denied()
    {
        var browser = App.CreateBrowser();

        var callback = await StartAndChooseAsync(browser, "/", deny: true);
        QueryHelpers.ParseQuery(callback.Query)["error"].Should().Equal("access_denied");

        var back = await browser.GetAsync(callback.PathAndQuery);
        back.Headers.Location!.OriginalString.Should().Be("/?signInError=access_denied");
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("https://attacker.example/api/auth/development/callback", null)]
    [InlineData("http://localhost.attacker.example/api/auth/development/callback", null)]
    [InlineData("http://localhost/api/auth/acme/callback", null)]
    [InlineData("http://localhost/api/auth/development/callback?next=https://attacker.example", null)]
    [InlineData("http://localhost/api/auth/development/callback/../../../evil", null)]
    [InlineData("http://localhost/api/auth/development/callback   ", null)]
    [InlineData("http://127.1/api/auth/development/callback", null)]
    [InlineData(Callback, "someone-elses-client")]
    public async Task The_development_provider_sends_a_code_nowhere_but_its_registered_client_s_callback(string redirectUri, string? clientId)
    {
        var answer = await AnswerAsync(
            App.CreateBrowser(),
            AuthorizationRequest(accountId: "ada", redirectUri: redirectUri, clientId: clientId ?? "googlelogin-development-redirect"));

        var problem = await answer.ShouldBeProblemAsync(400);
        problem.GetProperty("title").GetString().Should().Be("The sign-in request is invalid");
    }

    /// <summary>Behind Vite's dev server or a proxy, the browser reaches the app at another origin than Kestrel's: the page is there too.</summary>
    [Theory]
    [InlineData("localhost:5173")]
    [InlineData("127.0.0.1:8443")]
    [InlineData("[::1]:5080")]
    public async Task The_development_provider_s_page_is_on_the_origin_the_browser_started_at(string host)
    {
        var start = await App.CreateBrowser().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/development/start?returnUrl=%2F") { Headers = { Host = host } });

        var authorization = start.Headers.Location!;
        authorization.GetLeftPart(UriPartial.Path).Should().Be($"http://{host}/dev-identity/authorize");
        QueryHelpers.ParseQuery(authorization.Query)["redirect_uri"].Should().Equal($"http://{host}/api/auth/development/callback");
    }

    [Fact]
    public async Task The_development_provider_asks_for_pkce()
    {
        var answer = await AnswerAsync(App.CreateBrowser(), AuthorizationRequest(accountId: "ada", codeChallenge: "too-short"));

        (await answer.ShouldBeProblemAsync(400)).GetProperty("errors").TryGetProperty("code_challenge", out _).Should().BeTrue();
    }

    /// <summary>
    /// The token endpoint, asked through the app's own token-endpoint client as the callback asks it; each
    /// wrong request first, since a refused one does not use the code up.
    /// </summary>
    [Fact]
    public async Task The_development_token_endpoint_checks_the_client_secret_the_redirect_uri_and_the_pkce_verifier_and_redeems_a_code_once()
    {
        const string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var callback = await RedirectToAsync(await AnswerAsync(App.CreateBrowser(), AuthorizationRequest(accountId: "katherine", codeChallenge: challenge)));
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].Single()!;
        using var tokenEndpoint = App.Services.GetRequiredService<IHttpClientFactory>().CreateClient("OpenIdConnectTokenEndpoint");

        async Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(
            string secret = "development-client-secret", string redirectUri = Callback, string codeVerifier = verifier, string? otherCode = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://development-identity.localhost/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "authorization_code",
                    ["code"] = otherCode ?? code,
                    ["redirect_uri"] = redirectUri,
                    ["code_verifier"] = codeVerifier,
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"googlelogin-development-redirect:{secret}")));
            using var response = await tokenEndpoint.SendAsync(request);
            response.Headers.CacheControl!.NoStore.Should().BeTrue();
            return (response.StatusCode, await response.ReadJsonAsync());
        }

        var wrongSecret = await RedeemAsync(secret: "guessed");
        wrongSecret.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrongSecret.Body.GetProperty("error").GetString().Should().Be("invalid_client");
        var otherRedirect = await RedeemAsync(redirectUri: "http://127.0.0.1/api/auth/development/callback");
        otherRedirect.Status.Should().Be(HttpStatusCode.BadRequest);
        otherRedirect.Body.GetProperty("error").GetString().Should().Be("invalid_grant");
        // The code carries its grant, MACed: one for another account, made by editing it, is not the provider's.
        var body = JsonNode.Parse(Base64Url.DecodeFromChars(code.Split('.')[0]))!;
        body["account"]!["Id"] = "ada";
        body["account"]!["Email"] = "ada@gmail.com";
        var forged = await RedeemAsync(otherCode: $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(body.ToJsonString()))}.{code.Split('.')[1]}");
        forged.Status.Should().Be(HttpStatusCode.BadRequest);
        forged.Body.GetProperty("error").GetString().Should().Be("invalid_grant");
        var wrongVerifier = await RedeemAsync(codeVerifier: verifier.Replace('d', 'e'));
        wrongVerifier.Status.Should().Be(HttpStatusCode.BadRequest);
        wrongVerifier.Body.GetProperty("error").GetString().Should().Be("invalid_grant");

        var redeemed = await RedeemAsync();
        redeemed.Status.Should().Be(HttpStatusCode.OK);
        var idToken = redeemed.Body.GetProperty("id_token").GetString()!;
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(idToken.Split('.')[1])).RootElement;
        claims.GetProperty("iss").GetString().Should().Be("http://development-identity.localhost");
        claims.GetProperty("aud").GetString().Should().Be("googlelogin-development-redirect");
        claims.GetProperty("sub").GetString().Should().Be("dev-katherine");
        claims.GetProperty("nonce").GetString().Should().Be("nonce-1");

        var again = await RedeemAsync();
        again.Status.Should().Be(HttpStatusCode.BadRequest);
        again.Body.GetProperty("error").GetString().Should().Be("invalid_grant");
    }

}

public sealed class DevelopmentProviderStartupTests
{
    [Fact]
    public async Task A_development_code_expires_after_a_minute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new GoogleLoginApp { EnvironmentName = "Development", Time = time }.With("Auth:Google:ClientIds:0", null);
        await app.InitializeAsync();
        var inTime = app.CreateBrowser();
        var late = app.CreateBrowser();
        var inTimeCallback = await DevelopmentRedirectSignInTests.StartAndChooseAsync(inTime, "/", accountId: "ada");
        var lateCallback = await DevelopmentRedirectSignInTests.StartAndChooseAsync(late, "/", accountId: "grace");

        time.Advance(TimeSpan.FromSeconds(59));
        (await inTime.GetAsync(inTimeCallback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/");
        time.Advance(TimeSpan.FromSeconds(2));
        var back = await late.GetAsync(lateCallback.PathAndQuery);

        back.Headers.Location!.OriginalString.Should().Be("/?signInError=exchange_failed", "the state is still good for 9 minutes; the code is not");
    }

    [Fact]
    public async Task A_state_expires_after_ten_minutes_by_the_app_s_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new GoogleLoginApp { EnvironmentName = "Development", Time = time }.With("Auth:Google:ClientIds:0", null);
        await app.InitializeAsync();
        var browser = app.CreateBrowser();
        var callback = await DevelopmentRedirectSignInTests.StartAndChooseAsync(browser, "/", accountId: "ada");

        time.Advance(TimeSpan.FromMinutes(10));
        var back = await browser.GetAsync(callback.PathAndQuery);

        back.Headers.Location!.OriginalString.Should().Be("/?signInError=invalid_state", "the sealed state's expiry is checked before its code is redeemed");
    }

    [Fact]
    public async Task Outside_development_there_is_no_development_provider()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production");
        var browser = app.CreateBrowser();

        var config = await (await browser.GetAsync("/api/auth/config")).ReadJsonAsync();
        config.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().NotContain("development");
        (await browser.GetAsync("/api/auth/development/start")).Headers.Location!.OriginalString.Should().Be("/?signInError=unknown_provider");
    }

    [Fact]
    public async Task A_configured_provider_cannot_take_the_development_provider_s_name_while_it_runs()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Development",
            ("Auth:Google:ClientIds:0", null),
            ("Auth:Providers:development:Authority", "https://login.example.com"),
            ("Auth:Providers:development:ClientIds:0", "client"));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Auth:Providers:development*Give the provider another name*");
    }
}
