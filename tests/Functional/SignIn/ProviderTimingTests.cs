using System.Net;
using System.Text.Json.Nodes;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// SECURITY.md: how soon a configured provider's new signing key, or the provider back from an outage, is
/// used, what its key server is asked meanwhile, and what each 503 says; over HTTP, with the app's own
/// timing settings (their defaults) and a clock the tests move.
/// </summary>
public sealed class ProviderTimingTests : IAsyncLifetime
{
    private readonly TestSigningKey _key = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private OpenIdConnectTestServer _server = null!;
    private GoogleLoginApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenIdConnectTestServer.StartAsync();
        _server.Publish(_key.ToJwk());
        _app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Hosting:PublicOrigin", "http://localhost"),
            ("Auth:Providers:acme:Authority", _server.Authority("acme")),
            ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:acme:ClientSecret", _server.ClientSecret));
        _app.Time = _clock;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _key.Dispose();
    }

    private string Issuer => _server.Authority("acme");

    /// <summary>Signs in at acme as a browser would, with a token signed by <paramref name="signedBy"/>.</summary>
    private async Task<HttpResponseMessage> SignInAsync(TestSigningKey signedBy, string subject = "timing-user")
    {
        var browser = _app.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        return await browser.SignInAsync(signedBy.Sign(OpenIdConnectTokens.Payload(Issuer, subject: subject, email: $"{subject}@acme.example", nonce: nonce)), nonce, "acme");
    }

    [Fact]
    public async Task A_key_rotated_in_during_a_flood_of_made_up_kids_signs_in_after_the_refresh_interval_and_the_key_server_sees_one_fetch_at_a_time()
    {
        var interval = TimeSpan.FromSeconds(2); // Auth:Keys:UnknownKeyRefreshInterval's default
        (await SignInAsync(_key)).StatusCode.Should().Be(HttpStatusCode.OK);
        var flooder = _app.CreateBrowser();
        var nonce = await flooder.GetNonceAsync();
        using var flooding = new CancellationTokenSource();
        var forged = 0;
        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!flooding.IsCancellationRequested)
            {
                var header = new JsonObject { ["alg"] = "RS256", ["kid"] = Guid.NewGuid().ToString("N") };
                var token = _key.Sign(OpenIdConnectTokens.Payload(Issuer, subject: "flooder", nonce: nonce), header);
                var response = await flooder.SignInAsync(token, nonce, "acme");
                await response.ShouldBeProblemAsync(401, "token_rejected");
                Interlocked.Increment(ref forged);
            }
        })).ToList();

        try
        {
            await WaitUntilAsync(() => _server.KeySetRequestCount == 2 && Volatile.Read(ref forged) >= 50);
            using var rotatedIn = new TestSigningKey();
            _server.Publish(_key.ToJwk(), rotatedIn.ToJwk());
            (await SignInAsync(rotatedIn)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "within the interval the set is not fetched again");

            _clock.Advance(interval);
            // The flood's next token fetches the set (published before); this one joins that fetch or finds its result.
            await WaitUntilAsync(() => _server.KeySetRequestCount == 3);
            var signedIn = await SignInAsync(rotatedIn);

            signedIn.StatusCode.Should().Be(HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync());
            var forgedBefore = Volatile.Read(ref forged);
            await WaitUntilAsync(() => Volatile.Read(ref forged) >= forgedBefore + 50);
            _server.KeySetRequestCount.Should().Be(3, "one fetch per interval, however many made-up kids");
        }
        finally
        {
            await flooding.CancelAsync();
            await Task.WhenAll(flood);
        }

        _server.MaxConcurrentKeySetRequests.Should().Be(1);
    }

    [Fact]
    public async Task Discovery_down_at_first_use_answers_503_naming_the_discovery_document_at_once_and_signs_in_within_5_s_of_coming_back()
    {
        _server.FailDiscoveryWith = HttpStatusCode.ServiceUnavailable;

        var first = await (await SignInAsync(_key)).ShouldBeProblemAsync(503, "provider_unavailable");
        for (var i = 0; i < 5; i++)
        {
            await (await SignInAsync(_key)).ShouldBeProblemAsync(503, "provider_unavailable");
        }

        first.GetProperty("detail").GetString().Should().Contain("discovery document");
        ShouldHaveLoggedUnavailable("discovery document");
        _server.DiscoveryRequestCount.Should().Be(1, "the failure is shared until the retry wait has passed");

        // The defaults of Auth:Discovery:FailureRetryMin and FailureRetryMax: read again after 1 s, 2 s, 4 s, then every 5 s.
        foreach (var wait in new[] { 1, 2, 4 })
        {
            var reads = _server.DiscoveryRequestCount;
            _clock.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            await (await SignInAsync(_key)).ShouldBeProblemAsync(503, "provider_unavailable");
            _server.DiscoveryRequestCount.Should().Be(reads);
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            await (await SignInAsync(_key)).ShouldBeProblemAsync(503, "provider_unavailable");
            _server.DiscoveryRequestCount.Should().Be(reads + 1);
        }

        _server.FailDiscoveryWith = null;
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await SignInAsync(_key)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signing_keys_that_cannot_be_read_answer_503_naming_the_signing_keys()
    {
        _server.FailKeySetWith = HttpStatusCode.InternalServerError;

        var problem = await (await SignInAsync(_key)).ShouldBeProblemAsync(503, "provider_unavailable");

        problem.GetProperty("detail").GetString().Should().Contain("signing keys");
        ShouldHaveLoggedUnavailable("signing keys");
    }

    [Fact]
    public async Task A_redirect_sign_in_at_a_provider_whose_discovery_is_down_logs_what_could_not_be_read()
    {
        _server.FailDiscoveryWith = HttpStatusCode.ServiceUnavailable;

        var start = await _app.CreateBrowser().GetAsync("/api/auth/acme/start");

        start.Headers.Location!.OriginalString.Should().Be("/?signInError=provider_unavailable");
        ShouldHaveLoggedUnavailable("discovery document");
    }

    /// <summary>The 503's log line: which provider, and what of it could not be read.</summary>
    private void ShouldHaveLoggedUnavailable(string unreadable) =>
        _app.Logs.Lines.Should().Contain(line =>
            line.Contains("is unavailable: its", StringComparison.Ordinal) && line.Contains($"Provider=acme Unreadable={unreadable} ", StringComparison.Ordinal));

    /// <summary>Polls <paramref name="condition"/> (state, not time) for at most 60 seconds.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited++)
        {
            waited.Should().BeLessThan(6000, "the condition should have been met");
            await Task.Delay(10);
        }
    }
}
