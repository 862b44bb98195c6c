using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Development sign-in: in Development with no Google client ID, the app hosts its own identity
/// provider, and its tokens pass through the unchanged Google verifier.
/// </summary>
public sealed class DevelopmentSignInTests
{
    private static async Task<string> MintAsync(HttpClient client, object request)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/dev-identity/token")
        {
            Content = JsonContent.Create(request),
            Headers = { { "X-CSRF", "1" } },
        });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("credential").GetString()!;
    }

    /// <summary>What the SPA's account chooser does: nonce, mint with it, sign in with both.</summary>
    private static async Task<HttpResponseMessage> SignInAsTestAccountAsync(HttpClient browser, string? accountId = null, string? email = null, string? name = null)
    {
        var nonce = await browser.GetNonceAsync();
        var token = await MintAsync(browser, new { accountId, email, name, nonce });
        return await browser.SignInAsync(token, nonce);
    }

    private static JsonElement Decode(string token, int part) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[part])).RootElement;

    [Fact]
    public async Task With_no_client_id_in_development_a_test_account_signs_in_through_the_google_endpoint()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        var browser = app.CreateBrowser();
        var config = await (await browser.GetAsync("/api/auth/config")).ReadJsonAsync();
        config.GetProperty("developmentSignIn").GetBoolean().Should().BeTrue();
        config.GetProperty("googleClientId").ValueKind.Should().Be(JsonValueKind.Null);

        var accounts = await (await browser.GetAsync("/api/dev-identity/accounts")).ReadJsonAsync();
        accounts.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Contain(["ada", "grace", "alan", "katherine"]);

        var signIn = await SignInAsTestAccountAsync(browser, accountId: "ada");

        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        var user = await signIn.ReadJsonAsync();
        user.GetProperty("email").GetString().Should().Be("ada@gmail.com");
        user.GetProperty("firstName").GetString().Should().Be("Ada");
        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Development_tokens_are_shaped_like_googles()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        var token = await MintAsync(app.CreateBrowser(), new { accountId = "katherine", nonce = "abc" });

        var header = Decode(token, 0);
        header.GetProperty("alg").GetString().Should().Be("RS256");
        header.GetProperty("kid").GetString().Should().NotBeNullOrEmpty();
        var claims = Decode(token, 1);
        claims.GetProperty("iss").GetString().Should().Be("https://accounts.google.com");
        claims.GetProperty("aud").GetString().Should().Be(claims.GetProperty("azp").GetString()).And.NotBeNullOrEmpty();
        claims.GetProperty("sub").GetString().Should().NotBeNullOrEmpty();
        claims.GetProperty("email").GetString().Should().Be("katherine@nasa.example");
        claims.GetProperty("email_verified").GetBoolean().Should().BeTrue();
        claims.GetProperty("name").GetString().Should().Be("Katherine Johnson");
        claims.GetProperty("given_name").GetString().Should().Be("Katherine");
        claims.GetProperty("family_name").GetString().Should().Be("Johnson");
        claims.GetProperty("picture").GetString().Should().StartWith("data:image/svg+xml");
        claims.GetProperty("hd").GetString().Should().Be("nasa.example");
        claims.GetProperty("nonce").GetString().Should().Be("abc");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).Should().Be(3600);

        var unverified = Decode(await MintAsync(app.CreateBrowser(), new { accountId = "alan" }), 1);
        unverified.GetProperty("email_verified").GetBoolean().Should().BeFalse();
        unverified.TryGetProperty("nonce", out _).Should().BeFalse();
        unverified.TryGetProperty("hd", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_typed_email_is_one_stable_user_and_junk_is_a_validation_problem()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        var browser = app.CreateBrowser();
        var first = await (await SignInAsTestAccountAsync(browser, email: "Mary@Example.org", name: "Mary Somerville")).ReadJsonAsync();
        var second = await (await SignInAsTestAccountAsync(browser, email: "mary@example.org")).ReadJsonAsync();

        first.GetProperty("firstName").GetString().Should().Be("Mary");
        first.GetProperty("lastName").GetString().Should().Be("Somerville");
        second.GetProperty("id").GetGuid().Should().Be(first.GetProperty("id").GetGuid());

        foreach (var junk in new object[] { new { }, new { email = "not-an-email" }, new { email = "@" } })
        {
            var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/dev-identity/token")
            {
                Content = JsonContent.Create(junk),
                Headers = { { "X-CSRF", "1" } },
            });
            await response.ShouldBeProblemAsync(400);
        }

        await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/dev-identity/token")
        {
            Content = JsonContent.Create(new { accountId = "nobody" }),
            Headers = { { "X-CSRF", "1" } },
        })).ShouldBeProblemAsync(404);
        await (await browser.PostAsJsonAsync("/api/dev-identity/token", new { accountId = "ada" })).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task Verification_stays_on_a_tampered_development_token_is_refused()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        var browser = app.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        var token = await MintAsync(browser, new { accountId = "ada", nonce });
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Decode(token, 1).GetRawText())!.AsObject();
        claims["sub"] = "dev-grace";
        var forged = $"{parts[0]}.{TestSigningKey.Encode(claims)}.{parts[2]}";

        await (await browser.SignInAsync(forged, nonce)).ShouldBeProblemAsync(401);

        app.Logs.TokenRejections.Should().Equal("invalid_token");
        app.Logs.Lines.Should().Contain(l => l.Contains("rejected: \"invalid_token\"", StringComparison.Ordinal) && l.Contains("signature", StringComparison.Ordinal));
        // The nonce was good and is still unused: only the signature refused the forgery.
        (await browser.SignInAsync(token, nonce)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A real Google token (another key, another audience) is not accepted in development mode either.
        await (await app.SignInAsync(browser)).ShouldBeProblemAsync(401);
        app.Logs.TokenRejections.Should().Equal("invalid_token", "unknown_kid");
    }

    [Fact]
    public async Task Instances_given_one_signing_key_file_accept_each_others_tokens_as_behind_a_load_balancer()
    {
        var folder = Directory.CreateTempSubdirectory("googlelogin-devkey-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "development-key.pem");
            await using var a = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null), ("Auth:Google:Development:SigningKeyFile", keyFile));
            await using var b = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null), ("Auth:Google:Development:SigningKeyFile", keyFile));
            var browser = b.CreateBrowser();
            var nonce = await browser.GetNonceAsync();

            // The chooser's mint request reached instance a; the sign-in that follows reaches b.
            var token = await MintAsync(a.CreateBrowser(), new { accountId = "grace", nonce });
            var signIn = await browser.SignInAsync(token, nonce);

            signIn.StatusCode.Should().Be(HttpStatusCode.OK, await signIn.Content.ReadAsStringAsync());
            b.Logs.TokenRejections.Should().BeEmpty();
            File.Exists(keyFile).Should().BeTrue();
            b.Logs.Lines.Should().Contain(l => l.Contains("DEVELOPMENT", StringComparison.Ordinal) && l.Contains(keyFile, StringComparison.Ordinal), "the banner says where the key is");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_shared_key_file_each_instance_has_its_own_key_and_refuses_the_others_tokens()
    {
        await using var a = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        await using var b = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        var browser = b.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        var token = await MintAsync(a.CreateBrowser(), new { accountId = "grace", nonce });

        await (await browser.SignInAsync(token, nonce)).ShouldBeProblemAsync(401);

        b.Logs.TokenRejections.Should().Equal("unknown_kid");
        a.Logs.Lines.Should().Contain(l => l.Contains("a key made at start-up, kept in memory only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signing_key_file_that_holds_no_key_stops_start_up_with_a_clear_message()
    {
        var folder = Directory.CreateTempSubdirectory("googlelogin-devkey-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "development-key.pem");
            await File.WriteAllTextAsync(keyFile, "not a key");
            await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null), ("Auth:Google:Development:SigningKeyFile", keyFile));

            var act = () => app.CreateClient();

            act.Should().Throw<InvalidOperationException>().WithMessage($"*'{keyFile}'*Auth:Google:Development:SigningKeyFile*RSA private key in PEM*");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_development_token_is_refused_by_an_app_configured_for_real_google()
    {
        await using var development = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        await using var production = await GoogleLoginApp.StartAsync("Production");
        var browser = production.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        var token = await MintAsync(development.CreateBrowser(), new { accountId = "ada", nonce });

        await (await browser.SignInAsync(token, nonce)).ShouldBeProblemAsync(401);
        production.Logs.TokenRejections.Should().Equal("unknown_kid");

        // Even were the development key published beside Google's, the token names another audience.
        var developmentKey = JsonNode.Parse(development.Services.GetRequiredService<DevelopmentIdentityProvider>().KeySetJson)!["keys"]![0]!.DeepClone();
        production.KeyServer.RawBody = new JsonObject { ["keys"] = new JsonArray(production.Key.ToJwk(), developmentKey) }.ToJsonString();

        await (await browser.SignInAsync(token, nonce)).ShouldBeProblemAsync(401);
        production.Logs.TokenRejections.Should().Equal("unknown_kid", "invalid_token");
        production.Logs.Lines.Should().Contain(l => l.Contains("rejected: \"invalid_token\"", StringComparison.Ordinal) && l.Contains("'aud'", StringComparison.Ordinal));
        production.KeyServer.RequestCount.Should().Be(2, "the unknown kid fetched the key set that now holds the development key");
        (await production.CreateBrowser().GetAsync("/api/dev-identity/accounts")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Asking_for_development_sign_in_outside_development_stops_start_up_with_a_clear_message(string environment)
    {
        await using var app = await GoogleLoginApp.StartAsync(environment, ("Auth:Google:Development:Enabled", "true"));
        var act = () => app.CreateClient();

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("*Auth:Google:Development:Enabled*Development environment*");
        (await app.Database.ExistsAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task Outside_development_the_provider_is_not_there_at_all()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production");
        var browser = app.CreateBrowser();
        (await (await browser.GetAsync("/api/auth/config")).ReadJsonAsync()).GetProperty("developmentSignIn").GetBoolean().Should().BeFalse();
        await (await browser.GetAsync("/api/dev-identity/accounts")).ShouldBeProblemAsync(404);
        await (await browser.GetAsync("/api/dev-identity/certs")).ShouldBeProblemAsync(404);
        app.Services.GetService(typeof(GoogleLogin.Infrastructure.Identity.Development.DevelopmentIdentityProvider)).Should().BeNull();
    }

    [Theory]
    [InlineData(GoogleTokens.ClientId, null, false)]
    [InlineData(GoogleTokens.ClientId, "true", true)]
    [InlineData(null, "false", false)]
    [InlineData(null, null, true)]
    public async Task In_development_the_mode_follows_the_client_id_and_the_setting(string? clientId, string? enabled, bool expected)
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", clientId), ("Auth:Google:Development:Enabled", enabled));
        var config = await (await app.CreateBrowser().GetAsync("/api/auth/config")).ReadJsonAsync();

        config.GetProperty("developmentSignIn").GetBoolean().Should().Be(expected);
        if (!expected && clientId is not null)
        {
            config.GetProperty("googleClientId").GetString().Should().Be(clientId);
            (await app.SignInAsync(app.CreateBrowser())).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }
}
