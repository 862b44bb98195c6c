using System.Buffers.Text;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>Nonces: each ID token signs in at most once, and only with a nonce this app issued.</summary>
public sealed class ReplayProtectionTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    [Fact]
    public async Task The_nonce_endpoint_gives_a_fresh_signed_nonce_that_no_cache_may_keep()
    {
        var browser = app.CreateBrowser();

        var response = await browser.RequestNonceAsync();
        var again = await browser.GetNonceAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var body = await response.ReadJsonAsync();
        body.EnumerateObject().Select(p => p.Name).Should().Equal("nonce");
        var nonce = body.GetProperty("nonce").GetString()!;
        // Its expiry, 128 random bits, and two 128-bit tags (issued here; bound to this browser).
        Base64Url.DecodeFromChars(nonce).Should().HaveCount(8 + 16 + 16 + 16);
        again.Should().NotBe(nonce);
    }

    [Fact]
    public async Task The_same_token_posted_twice_signs_in_once()
    {
        var browser = app.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        var token = app.SignGoogleToken(subject: "replay-victim", nonce: nonce);

        (await browser.SignInAsync(token, nonce)).StatusCode.Should().Be(HttpStatusCode.OK);
        var linesBefore = app.Logs.Lines.Count;
        var replay = await app.CreateBrowser().SignInAsync(token, nonce);

        await replay.ShouldBeProblemAsync(401);
        replay.SetCookie("__Host-gl-session").Should().BeNull();
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task A_token_carrying_a_nonce_this_app_never_issued_is_401()
    {
        var token = app.SignGoogleToken(subject: "made-up-nonce", nonce: "made-up-by-the-attacker");
        var linesBefore = app.Logs.Lines.Count;

        await (await app.CreateBrowser().SignInAsync(token, "made-up-by-the-attacker")).ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task A_token_without_a_nonce_is_401_while_nonces_are_required()
    {
        var linesBefore = app.Logs.Lines.Count;

        await (await app.CreateBrowser().SignInAsync(app.SignGoogleToken(subject: "no-nonce"))).ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_missing");
    }

    [Fact]
    public async Task The_nonce_sent_with_the_token_must_be_the_one_in_it_and_a_mismatch_does_not_use_it_up()
    {
        var browser = app.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        var token = app.SignGoogleToken(subject: "nonce-mismatch", nonce: nonce);
        var otherNonce = await browser.GetNonceAsync();
        var linesBefore = app.Logs.Lines.Count;

        await (await browser.SignInAsync(token, otherNonce)).ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_mismatch");
        (await browser.SignInAsync(token, nonce)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_nonce_is_accepted_for_five_minutes_only()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = new GoogleLoginApp { Time = time };
        await ((IAsyncLifetime)timed).InitializeAsync();
        var browser = timed.CreateBrowser();
        var fresh = await browser.GetNonceAsync();
        var stale = await browser.GetNonceAsync();

        time.Advance(TimeSpan.FromMinutes(4));
        (await browser.SignInAsync(timed.SignGoogleToken(subject: "in-time", nonce: fresh), fresh)).StatusCode.Should().Be(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromMinutes(1));
        var linesBefore = timed.Logs.Lines.Count;

        await (await browser.SignInAsync(timed.SignGoogleToken(subject: "too-late", nonce: stale), stale)).ShouldBeProblemAsync(401);
        timed.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task A_nonce_issued_by_one_instance_works_once_across_every_instance_sharing_the_database()
    {
        await using var first = await GoogleLoginApp.StartAsync();
        await using var second = await GoogleLoginApp.StartAsync(
            "Production",
            ("ConnectionStrings:Default", first.Database.ConnectionString),
            ("Auth:Google:CertificatesUrl", first.KeyServer.Url));
        // One browser, whose requests the load balancer sends to either instance: its cookies go to both.
        var issued = await first.CreateBrowser().RequestNonceAsync();
        var nonce = (await issued.ReadJsonAsync()).GetProperty("nonce").GetString()!;
        var binding = issued.SetCookie("__Host-gl-nonce-binding")!.Split(';')[0];
        var token = first.SignGoogleToken(subject: "two-instances", nonce: nonce);
        HttpClient BrowserAt(GoogleLoginApp instance)
        {
            var client = instance.CreateClient(new() { HandleCookies = false });
            client.DefaultRequestHeaders.Add("Cookie", binding);
            return client;
        }

        (await BrowserAt(second).SignInAsync(token, nonce)).StatusCode.Should().Be(HttpStatusCode.OK);
        var linesBefore = first.Logs.Lines.Count;
        await (await BrowserAt(first).SignInAsync(token, nonce)).ShouldBeProblemAsync(401);
        first.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task With_nonces_optional_a_token_without_one_signs_in_but_a_made_up_one_still_does_not()
    {
        await using var native = await GoogleLoginApp.StartAsync("Production", ("Auth:Google:RequireNonce", "false"));

        (await native.CreateBrowser().SignInAsync(native.SignGoogleToken(subject: "native-app"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var linesBefore = native.Logs.Lines.Count;
        await (await native.CreateBrowser().SignInAsync(native.SignGoogleToken(subject: "native-app", nonce: "made-up"))).ShouldBeProblemAsync(401);
        native.Logs.ShouldHaveRejectedTokenFor(linesBefore, "nonce_unknown_expired_or_used");
    }
}
