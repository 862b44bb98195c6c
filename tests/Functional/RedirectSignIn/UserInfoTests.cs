using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The app next to a provider that conforms strictly: its code flow's ID tokens carry who the person is and
/// nothing more, the profile (email, names, picture) is at its userinfo endpoint. Two providers there: a
/// standard one (strict) and a Microsoft single-tenant one (entra), whose userinfo vouches for an email only with
/// <c>xms_edov</c>.
/// </summary>
public sealed class UserInfoProvider : IAsyncLifetime
{
    public const string Tenant = "6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

    public TestSigningKey Key { get; } = new();

    public OpenIdConnectTestServer Server { get; private set; } = null!;

    public GoogleLoginApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await OpenIdConnectTestServer.StartAsync();
        Server.Publish(Key.ToJwk());
        Server.TokenSigningKey = Key;
        Server.ServesUserInfo = true;
        Server.ProfileOnlyInUserInfo = true;
        App = await GoogleLoginApp.StartAsync(
            "Production",
            ("Hosting:PublicOrigin", "http://localhost"),
            // The slow userinfo endpoint answers only when the app gives up: this is how long that takes.
            ("Auth:TokenEndpoint:Timeout", "00:00:02"),
            ("Auth:Providers:strict:Authority", Server.Authority("strict")),
            ("Auth:Providers:strict:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:strict:ClientSecret", Server.ClientSecret),
            ("Auth:Providers:entra:Authority", Server.Authority($"{Tenant}/v2.0")),
            ("Auth:Providers:entra:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:entra:ClientSecret", Server.ClientSecret),
            ("Auth:Providers:entra:Kind", "Microsoft"));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
        Key.Dispose();
    }
}

/// <summary>The redirect sign-in reads the provider's userinfo with its access token, after the ID token verifies.</summary>
public sealed class UserInfoTests(UserInfoProvider provider) : IClassFixture<UserInfoProvider>, IDisposable
{
    private GoogleLoginApp App => provider.App;

    private OpenIdConnectTestServer Server => provider.Server;

    public void Dispose()
    {
        Server.UserInfoAnswers = UserInfoAnswer.Claims;
        Server.ProfileOnlyInUserInfo = true;
        Server.SendsAccessToken = true;
        Server.UserInfoOf.Clear();
        App.ShouldHaveAnsweredOnlyAsDocumented();
    }

    /// <summary>A whole redirect sign-in of <paramref name="subject"/>: where the callback sends the browser.</summary>
    private async Task<string> SignInAsync(HttpClient browser, string subject, string at = "strict")
    {
        Server.NextSubject = subject;
        var start = await browser.GetAsync($"/api/auth/{at}/start?returnUrl=%2Faccount");
        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var approved = await atProvider.GetAsync(start.Headers.Location);
        approved.StatusCode.Should().Be(HttpStatusCode.Redirect, "the test provider approves at once");
        var callback = await browser.GetAsync(approved.Headers.Location!.PathAndQuery);
        callback.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return callback.Headers.Location!.OriginalString;
    }

    private static JsonObject Claims(string email, bool verified, bool? emailDomainOwnerVerified = null)
    {
        var claims = new JsonObject { ["email"] = email, ["email_verified"] = verified, ["given_name"] = "Ursula" };
        if (emailDomainOwnerVerified is { } xmsEdov)
        {
            claims["xms_edov"] = xmsEdov;
        }

        return claims;
    }

    [Fact]
    public async Task The_profile_the_id_token_leaves_out_comes_from_userinfo_read_with_the_access_token()
    {
        var browser = App.CreateBrowser();

        (await SignInAsync(browser, "ui-filled")).Should().Be("/account");

        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("email").GetString().Should().Be("ui-filled@userinfo.example");
        me.GetProperty("firstName").GetString().Should().Be("Ursula");
        me.GetProperty("lastName").GetString().Should().Be("Info");
        me.GetProperty("pictureUrl").GetString().Should().Be("https://pictures.example.org/ursula");
        Server.LastUserInfoRequestHadIssuedToken.Should().BeTrue();
        string[] logs = [.. App.Logs.Lines, .. App.LogEvents.Texts];
        logs.Should().NotContain(line => line.Contains(Server.LastAccessToken!, StringComparison.Ordinal), "the access token is never logged");
    }

    [Fact]
    public async Task The_id_token_s_claims_win_over_userinfo_s()
    {
        Server.ProfileOnlyInUserInfo = false;
        var browser = App.CreateBrowser();
        var userInfoRequests = Server.UserInfoRequestCount;

        (await SignInAsync(browser, "ui-both")).Should().Be("/account");

        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("email").GetString().Should().Be("ui-both@redirect.example");
        me.GetProperty("firstName").GetString().Should().Be("Grace");
        me.GetProperty("lastName").GetString().Should().Be("Hopper");
        Server.UserInfoRequestCount.Should().Be(userInfoRequests + 1, "userinfo is read all the same, for its subject");
    }

    [Fact]
    public async Task Userinfo_about_another_subject_fails_the_sign_in_as_a_rejected_token()
    {
        Server.UserInfoAnswers = UserInfoAnswer.WrongSubject;
        var browser = App.CreateBrowser();

        (await SignInAsync(browser, "ui-wrong-sub")).Should().Be("/?signInError=token_rejected");

        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(UserInfoAnswer.ServerError)]
    [InlineData(UserInfoAnswer.Unauthorized)]
    [InlineData(UserInfoAnswer.Slow)]
    [InlineData(UserInfoAnswer.Huge)]
    [InlineData(UserInfoAnswer.NotJson)]
    [InlineData(UserInfoAnswer.Jwt)]
    [InlineData(UserInfoAnswer.MalformedJson)]
    public async Task Userinfo_that_cannot_be_read_fails_the_sign_in_as_the_provider_unavailable_not_with_an_empty_profile(UserInfoAnswer answer)
    {
        Server.UserInfoAnswers = answer;
        var browser = App.CreateBrowser();

        (await SignInAsync(browser, $"ui-{answer}")).Should().Be("/?signInError=provider_unavailable");

        (await browser.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        App.Logs.Lines.Should().NotContain(line => line.Contains($"ui-{answer}@userinfo.example", StringComparison.Ordinal), "the answer's body is not logged");
    }

    [Fact]
    public async Task An_email_userinfo_verifies_is_refused_to_a_new_account_when_a_user_holds_it()
    {
        // Google vouches for Gmail addresses: the owner's email is verified.
        (await App.SignInAsync(App.CreateBrowser(), subject: "ui-owner", email: "ui.taken@gmail.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        Server.UserInfoOf["ui-claimant"] = Claims("ui.taken@gmail.com", verified: true);
        Server.UserInfoOf["ui-unverified"] = Claims("ui.taken@gmail.com", verified: false);

        (await SignInAsync(App.CreateBrowser(), "ui-claimant")).Should().Be("/?signInError=email_conflict&signInWith=google");
        (await SignInAsync(App.CreateBrowser(), "ui-unverified")).Should().Be("/account", "an unverified email is never compared");
    }

    [Fact]
    public async Task At_a_microsoft_provider_only_xms_edov_in_userinfo_verifies_an_email()
    {
        (await App.SignInAsync(App.CreateBrowser(), subject: "ui-entra-owner", email: "entra.taken@gmail.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        Server.UserInfoOf["ui-entra-tenant-set"] = Claims("entra.taken@gmail.com", verified: true);
        Server.UserInfoOf["ui-entra-domain-owner"] = Claims("entra.taken@gmail.com", verified: false, emailDomainOwnerVerified: true);

        (await SignInAsync(App.CreateBrowser(), "ui-entra-tenant-set", at: "entra")).Should().Be("/account", "a tenant admin may set any email_verified");
        (await SignInAsync(App.CreateBrowser(), "ui-entra-domain-owner", at: "entra")).Should().Be("/?signInError=email_conflict&signInWith=google");
    }

    [Fact]
    public async Task Without_an_access_token_the_id_token_s_claims_are_the_profile()
    {
        Server.SendsAccessToken = false;
        var browser = App.CreateBrowser();
        var userInfoRequests = Server.UserInfoRequestCount;

        (await SignInAsync(browser, "ui-no-access-token")).Should().Be("/account");

        var me = await (await browser.GetAsync("/api/users/me")).ReadJsonAsync();
        me.GetProperty("email").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        Server.UserInfoRequestCount.Should().Be(userInfoRequests);
    }

    /// <summary>Links <paramref name="subject"/> at strict through the redirect: where the provider's return sends the browser.</summary>
    private async Task<string> LinkThroughRedirectAsync(HttpClient browser, string subject)
    {
        var start = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/users/me/logins/strict/start")
        {
            Content = JsonContent.Create(new { returnUrl = "/account" }),
            Headers = { { "X-CSRF", "1" } },
        });
        start.StatusCode.Should().Be(HttpStatusCode.OK);
        var binding = start.SetCookie("__Host-gl-redirect-binding")!.Split(';')[0];
        Server.NextSubject = subject;
        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await atProvider.GetAsync((await start.ReadJsonAsync()).GetProperty("redirectTo").GetString())).Headers.Location!;
        // Back as from another site: the Lax binding cookie comes along, the Strict session cookie does not.
        var answer = await App.CreateDefaultClient().SendAsync(
            new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery) { Headers = { { "Cookie", binding } } });
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return answer.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task A_link_through_the_redirect_holds_the_account_with_userinfo_s_email_and_refuses_another_subject_s()
    {
        var browser = await App.SignedInBrowserAsync("ui-link-owner");

        var returnedTo = await LinkThroughRedirectAsync(browser, "ui-link-account");

        returnedTo.Should().StartWith("/account?pendingLink=");
        var pending = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/users/me/logins/pending/{returnedTo["/account?pendingLink=".Length..]}")
        {
            Headers = { { "X-CSRF", "1" } },
        })).ReadJsonAsync();
        pending.GetProperty("email").GetString().Should().Be("ui-link-account@userinfo.example");

        Server.UserInfoAnswers = UserInfoAnswer.WrongSubject;
        (await LinkThroughRedirectAsync(browser, "ui-link-other")).Should().Be("/account?linkError=token_rejected");
    }
}
