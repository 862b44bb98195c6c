using System.Net;
using System.Net.Http.Json;
using System.Text;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Every attack the sign-in path defends against, run in one app: each gets its status, none gets a
/// 500, and afterwards the whole captured log holds none of the tokens, nonces or cookies involved.
/// </summary>
public sealed class NegativeSuiteTests
{
    private readonly List<string> _secrets = [];
    private readonly List<(string Attack, HttpStatusCode Status)> _outcomes = [];

    [Fact]
    public async Task Every_attack_gets_its_status_and_nothing_secret_reaches_the_log()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("RateLimiting:SignIn:Burst", "40"),
            ("RateLimiting:SignIn:PerMinute", "1"),
            // Unknown-kid refreshes are throttled (30 s by default, tested on its own); shortened so
            // this one run can see both a rotation and an outage.
            ("Auth:Keys:UnknownKeyRefreshInterval", "00:00:01"));

        // A real sign-in, the session it opens, and logging out.
        var victim = app.CreateBrowser();
        var (victimToken, victimNonce) = await SignedTokenAsync(app, victim, "victim", "victim@example.com");
        var signIn = await victim.SignInAsync(victimToken, victimNonce);
        await Expect("sign-in", signIn, HttpStatusCode.OK);
        var cookie = signIn.SetCookie("gl-session")!.Split(';')[0].Split('=', 2)[1];
        _secrets.Add(cookie);
        await Expect("me", await victim.GetAsync("/api/users/me"), HttpStatusCode.OK);
        await Expect("logout", await victim.LogoutAsync(), HttpStatusCode.NoContent);

        // Replays: the token and nonce again, and the dead session cookie.
        await Expect("replayed token", await app.CreateBrowser().SignInAsync(victimToken, victimNonce), HttpStatusCode.Unauthorized);
        var replayedCookie = app.CreateBrowser();
        replayedCookie.DefaultRequestHeaders.Add("Cookie", $"gl-session={cookie}");
        await Expect("replayed cookie", await replayedCookie.GetAsync("/api/users/me"), HttpStatusCode.Unauthorized);

        // Nonces made up, missing, or not the token's.
        var browser = app.CreateBrowser();
        var madeUp = Secret(app.SignGoogleToken(subject: "attacker", nonce: Secret("attacker-chosen-nonce-value")));
        await Expect("made-up nonce", await browser.SignInAsync(madeUp, "attacker-chosen-nonce-value"), HttpStatusCode.Unauthorized);
        var noNonce = Secret(app.SignGoogleToken(subject: "attacker"));
        await Expect("no nonce", await browser.SignInAsync(noNonce), HttpStatusCode.Unauthorized);
        var (otherToken, _) = await SignedTokenAsync(app, browser, "attacker", "attacker@example.com");
        await Expect("mismatched nonce", await browser.SignInAsync(otherToken, Secret(await browser.GetNonceAsync())), HttpStatusCode.Unauthorized);

        // Tokens that are forged, for someone else, expired, or junk.
        using var attackerKey = new TestSigningKey(keyId: app.Key.KeyId);
        await Expect("forged signature", await browser.SignInAsync(Secret(attackerKey.Sign(GoogleTokens.Payload(nonce: Secret(await browser.GetNonceAsync()))))), HttpStatusCode.Unauthorized);
        await Expect("wrong audience", await SignInWithAsync(app, browser, "aud-attack", p => p["aud"] = "other.apps.googleusercontent.com"), HttpStatusCode.Unauthorized);
        await Expect("wrong azp", await SignInWithAsync(app, browser, "azp-attack", p => p["azp"] = "other.apps.googleusercontent.com"), HttpStatusCode.Unauthorized);
        await Expect("expired", await SignInWithAsync(app, browser, "expired", p => p["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()), HttpStatusCode.Unauthorized);
        await Expect("junk", await browser.SignInAsync(Secret("secret-looking-junk-" + Guid.NewGuid())), HttpStatusCode.Unauthorized);

        // A second Google account claiming the victim's email; an unverified one.
        await Expect("email claim", await SignInWithAsync(app, browser, "claimant", p => p["email"] = "victim@example.com"), HttpStatusCode.Conflict);
        await Expect("unverified email", await SignInWithAsync(app, app.CreateBrowser(), "unverified", p => (p["email"], p["email_verified"]) = ("victim@example.com", false)), HttpStatusCode.OK);

        // Cross-site and header-less posts carrying a perfectly good token.
        var (csrfToken, csrfNonce) = await SignedTokenAsync(app, browser, "csrf-target", "csrf@example.com");
        await Expect("no csrf header", await browser.PostAsJsonAsync("/api/auth/google", new { idToken = csrfToken, nonce = csrfNonce }), HttpStatusCode.Forbidden);
        await Expect("cross origin", await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = JsonContent.Create(new { idToken = csrfToken, nonce = csrfNonce }),
            Headers = { { "X-CSRF", "1" }, { "Origin", "https://evil.example" } },
        }), HttpStatusCode.Forbidden);

        // An oversized body.
        await Expect("oversized body", await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new StringContent($$"""{"idToken":"{{Secret(new string('s', 17 * 1024))}}"}""", Encoding.UTF8, "application/json"),
            Headers = { { "X-CSRF", "1" } },
        }), HttpStatusCode.RequestEntityTooLarge);

        // The key server rotates: a token under the new key works. Then it goes down: an unknown kid is 503.
        using var rotatedKey = new TestSigningKey();
        app.KeyServer.Publish(app.Key, rotatedKey);
        var rotatedNonce = Secret(await browser.GetNonceAsync());
        var rotated = Secret(rotatedKey.Sign(GoogleTokens.Payload(subject: "rotated", email: "rotated@example.com", nonce: rotatedNonce)));
        await Expect("rotated key", await app.CreateBrowser().SignInAsync(rotated, rotatedNonce), HttpStatusCode.OK);
        app.KeyServer.FailWith = HttpStatusCode.InternalServerError;
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        using var unknownKey = new TestSigningKey();
        var unknownNonce = Secret(await browser.GetNonceAsync());
        await Expect("key server down", await browser.SignInAsync(Secret(unknownKey.Sign(GoogleTokens.Payload(nonce: unknownNonce))), unknownNonce), HttpStatusCode.ServiceUnavailable);
        await Expect("cached key while down", await SignInWithAsync(app, app.CreateBrowser(), "while-down", _ => { }), HttpStatusCode.OK);

        // A burst from one address.
        var burst = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => browser.SignInAsync("burst")));
        burst.Select(r => r.StatusCode).Should().Contain(HttpStatusCode.TooManyRequests);
        burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Should().OnlyContain(r => r.Headers.RetryAfter != null);

        _outcomes.Where(o => (int)o.Status >= 500 && o.Status != HttpStatusCode.ServiceUnavailable).Should().BeEmpty();
        burst.Should().OnlyContain(r => (int)r.StatusCode < 500);
        await WaitForRequestLogsAsync(app, _outcomes.Count + burst.Length);
        var log = string.Join('\n', app.Logs.Lines);
        log.Should().Contain("/api/auth/google", "the requests themselves are logged");
        foreach (var secret in _secrets.Distinct())
        {
            log.Should().NotContain(secret);
            // Parts of a JWT are secrets too: its signature alone can be matched against a stolen token.
            foreach (var part in secret.Split('.').Where(p => p.Length >= 16))
            {
                log.Should().NotContain(part);
            }
        }
    }

    private string Secret(string value)
    {
        _secrets.Add(value);
        return value;
    }

    private async Task<(string Token, string Nonce)> SignedTokenAsync(GoogleLoginApp app, HttpClient browser, string subject, string email)
    {
        var nonce = Secret(await browser.GetNonceAsync());
        return (Secret(app.SignGoogleToken(subject, email, nonce)), nonce);
    }

    private async Task<HttpResponseMessage> SignInWithAsync(GoogleLoginApp app, HttpClient browser, string subject, Action<System.Text.Json.Nodes.JsonObject> customize)
    {
        var nonce = Secret(await browser.GetNonceAsync());
        var payload = GoogleTokens.Payload(subject: subject, email: $"{subject}@example.com", nonce: nonce);
        customize(payload);
        return await browser.SignInAsync(Secret(app.Key.Sign(payload)), nonce);
    }

    private async Task Expect(string attack, HttpResponseMessage response, HttpStatusCode status)
    {
        _outcomes.Add((attack, response.StatusCode));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, $"{attack}: {body}");
        if ((int)status >= 400)
        {
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", attack);
        }

        if (response.SetCookie("gl-session") is { } setCookie && setCookie.Split(';')[0].Split('=', 2)[1] is { Length: > 0 } value)
        {
            _secrets.Add(value);
        }
    }

    /// <summary>Request log lines are written as each response completes, which can be after the client has it.</summary>
    private static async Task WaitForRequestLogsAsync(GoogleLoginApp app, int expected)
    {
        for (var wait = 0; wait < 100 && app.Logs.Lines.Count(l => l.Contains("RequestLoggingMiddleware", StringComparison.Ordinal)) < expected; wait++)
        {
            await Task.Delay(50);
        }
    }
}
