using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Every attack SECURITY.md lists that reaches the app over HTTP, run in one app logging at Debug:
/// each gets its status and its logged reason, none gets a 500, and afterwards the whole captured
/// log holds none of the tokens (nor any part of one), nonces or cookies involved.
/// </summary>
public sealed class NegativeSuiteTests
{
    private const string HostedDomain = "example.com";
    private static readonly TimeSpan RequestLogTimeout = TimeSpan.FromSeconds(15);

    private readonly List<string> _secrets = [];
    private readonly List<(string Attack, HttpStatusCode Status)> _outcomes = [];
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private GoogleLoginApp _app = null!;
    private int _requests;

    [Fact]
    public async Task Every_attack_gets_its_status_and_nothing_secret_reaches_the_log()
    {
        await using var app = _app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Serilog:MinimumLevel:Default", "Debug"),
            ("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Debug"),
            ("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore", "Debug"),
            ("Serilog:MinimumLevel:Override:System.Net.Http.HttpClient", "Debug"),
            ("Auth:Google:HostedDomains:0", HostedDomain),
            ("RateLimiting:SignIn:Burst", "100"),
            ("RateLimiting:SignIn:PerMinute", "1"),
            ("RateLimiting:Nonce:Burst", "100"),
            ("RateLimiting:Nonce:PerMinute", "1"));
        app.Time = _clock;
        var browser = Browser();

        // A real sign-in, the session it opens, and logging out.
        var victim = Browser();
        var (victimToken, victimNonce) = await SignedAsync(victim, "victim");
        var signIn = await Expect("sign-in", HttpStatusCode.OK, null, () => victim.SignInAsync(victimToken, victimNonce));
        var cookie = signIn.SetCookie("__Host-gl-session")!.Split(';')[0].Split('=', 2)[1];
        await Expect("me", HttpStatusCode.OK, null, () => victim.GetAsync("/api/users/me"));
        await Expect("logout", HttpStatusCode.NoContent, null, () => victim.LogoutAsync());

        // Replays: the token and nonce again, the dead session cookie, a forged one; a planted cookie is not kept.
        await Expect("replayed token", HttpStatusCode.Unauthorized, "nonce_unknown_expired_or_used", () => Browser().SignInAsync(victimToken, victimNonce));
        await Expect("replayed cookie", HttpStatusCode.Unauthorized, null, () => WithCookie($"__Host-gl-session={cookie}").GetAsync("/api/users/me"));
        var forgedCookie = Secret(Base64Url(RandomNumberGenerator.GetBytes(32)));
        await Expect("forged cookie", HttpStatusCode.Unauthorized, null, () => WithCookie($"__Host-gl-session={forgedCookie}").GetAsync("/api/users/me"));
        var planted = Secret(Base64Url(RandomNumberGenerator.GetBytes(32)));
        var jar = new BrowserCookieHandler();
        jar.Plant(new Uri("http://localhost"), new Cookie("__Host-gl-session", planted));
        var fixation = _app.CreateDefaultClient(new Uri("http://localhost"), new CountingHandler(() => Interlocked.Increment(ref _requests)), jar);
        var (fixationToken, fixationNonce) = await SignedAsync(fixation, "fixation");
        var fixed_ = await Expect("planted cookie", HttpStatusCode.OK, null, () => fixation.SignInAsync(fixationToken, fixationNonce));
        fixed_.SetCookie("__Host-gl-session").Should().NotContain(planted, "every sign-in opens a new session");

        // A token captured before use is worthless to any client but the browser that asked for its nonce.
        var (capturedToken, capturedNonce) = await SignedAsync(victim, "captured");
        await Expect("captured token from another client", HttpStatusCode.Unauthorized, "nonce_not_bound_to_this_browser", () => Browser().SignInAsync(capturedToken, capturedNonce));
        await Expect("captured token in its own browser", HttpStatusCode.OK, null, () => victim.SignInAsync(capturedToken, capturedNonce));

        // Nonces made up, missing, not the token's, or expired.
        await Expect("made-up nonce", HttpStatusCode.Unauthorized, "nonce_unknown_expired_or_used", () =>
            browser.SignInAsync(Sign(Payload("attacker", Secret("attacker-chosen-nonce-value-0123456789"))), "attacker-chosen-nonce-value-0123456789"));
        await Expect("no nonce", HttpStatusCode.Unauthorized, "nonce_missing", () => browser.SignInAsync(Sign(Payload("attacker", nonce: null))));
        await Expect("mismatched nonce", HttpStatusCode.Unauthorized, "nonce_mismatch", async () =>
        {
            var (token, _) = await SignedAsync(browser, "attacker");
            return await browser.SignInAsync(token, await NonceAsync(browser));
        });
        await Expect("expired nonce", HttpStatusCode.Unauthorized, "nonce_unknown_expired_or_used", async () =>
        {
            var (token, nonce) = await SignedAsync(browser, "late");
            _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
            return await browser.SignInAsync(token, nonce);
        });

        // Forged and altered signatures; algorithm confusion; header tricks.
        using var attackerKey = new TestSigningKey(keyId: app.Key.KeyId);
        await Expect("forged signature", HttpStatusCode.Unauthorized, "invalid_token", () => SignInWithAsync(browser, "forged", signer: attackerKey));
        await Expect("tampered payload", HttpStatusCode.Unauthorized, "invalid_token", async () =>
        {
            var (token, nonce) = await SignedAsync(browser, "tampered");
            var parts = token.Split('.');
            return await browser.SignInAsync(Secret($"{parts[0]}.{TestSigningKey.Encode(Payload("admin", nonce))}.{parts[2]}"), nonce);
        });
        await Expect("alg none", HttpStatusCode.Unauthorized, "malformed", () => SignInUnsignedAsync(browser, "none", signature: string.Empty));
        await Expect("alg none with a signature", HttpStatusCode.Unauthorized, "unsupported_algorithm", () => SignInUnsignedAsync(browser, "none", signature: "AAAAAAAAAAAAAAAAAAAAAAAA"));
        await Expect("HS256 keyed with the public key", HttpStatusCode.Unauthorized, "unsupported_algorithm", async () =>
        {
            var nonce = await NonceAsync(browser);
            var signingInput = $"{TestSigningKey.Encode(new JsonObject { ["alg"] = "HS256", ["kid"] = app.Key.KeyId })}.{TestSigningKey.Encode(Payload("hs256", nonce))}";
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(app.Key.ToJwk().ToJsonString()), Encoding.ASCII.GetBytes(signingInput));
            return await browser.SignInAsync(Secret($"{signingInput}.{Base64Url(mac)}"), nonce);
        });
        await Expect("ES256", HttpStatusCode.Unauthorized, "unsupported_algorithm", () => SignInWithAsync(browser, "es256", header: new() { ["alg"] = "ES256", ["kid"] = app.Key.KeyId }));
        await Expect("crit header", HttpStatusCode.Unauthorized, "critical_header", () =>
            SignInWithAsync(browser, "crit", header: new() { ["alg"] = "RS256", ["kid"] = app.Key.KeyId, ["crit"] = new JsonArray("exp") }));
        await Expect("no kid", HttpStatusCode.Unauthorized, "missing_kid", () => SignInWithAsync(browser, "no-kid", header: new() { ["alg"] = "RS256" }));
        using var unpublishedKey = new TestSigningKey();
        await Expect("unknown kid", HttpStatusCode.Unauthorized, "unknown_kid", () => SignInWithAsync(browser, "unknown-kid", signer: unpublishedKey));
        await using var decoy = await KeySetServer.StartAsync(unpublishedKey);
        foreach (var location in new[] { "jku", "x5u" })
        {
            await Expect($"{location} header", HttpStatusCode.Unauthorized, "unknown_kid", () =>
                SignInWithAsync(browser, location, signer: unpublishedKey, header: new() { ["alg"] = "RS256", ["kid"] = unpublishedKey.KeyId, [location] = decoy.Url }));
        }

        await Expect("jwk header", HttpStatusCode.Unauthorized, "unknown_kid", () =>
            SignInWithAsync(browser, "jwk", signer: unpublishedKey, header: new() { ["alg"] = "RS256", ["kid"] = unpublishedKey.KeyId, ["jwk"] = unpublishedKey.ToJwk() }));
        decoy.RequestCount.Should().Be(0, "key locations named in a token are never fetched");
        using var weakKey = new TestSigningKey(keySizeInBits: 1024);
        app.KeyServer.Publish(app.Key, weakKey);
        PassUnknownKidRefreshInterval();
        var fetchesBefore = app.KeyServer.RequestCount;
        await Expect("weak published key", HttpStatusCode.Unauthorized, "unknown_kid", () => SignInWithAsync(browser, "weak", signer: weakKey));
        app.KeyServer.RequestCount.Should().Be(fetchesBefore + 1, "the weak key was in the set fetched and still refused");

        // Tokens for another app, from another issuer, out of their time, or with wrongly typed claims.
        await Expect("foreign aud", HttpStatusCode.Unauthorized, "invalid_token", () => SignInWithAsync(browser, "aud", p => (p["aud"], p["azp"]) = ("other.apps.googleusercontent.com", "other.apps.googleusercontent.com")));
        await Expect("no aud", HttpStatusCode.Unauthorized, "missing_audience", () => SignInWithAsync(browser, "no-aud", p => p.Remove("aud")));
        // Google.Apis.Auth reads no audience from an array, so the app's own missing-audience check refuses it.
        await Expect("extra untrusted aud", HttpStatusCode.Unauthorized, "untrusted_audience", () => SignInWithAsync(browser, "aud-array", p => p["aud"] = new JsonArray(GoogleTokens.ClientId, "attacker.apps.googleusercontent.com")));
        await Expect("foreign azp", HttpStatusCode.Unauthorized, "untrusted_authorized_party", () => SignInWithAsync(browser, "azp", p => p["azp"] = "other.apps.googleusercontent.com"));
        foreach (var issuer in new[] { "https://evil.example.com", "https://accounts.google.com.evil.example", "https://accounts.google.com/", "http://accounts.google.com", "https://ACCOUNTS.GOOGLE.COM", string.Empty })
        {
            await Expect($"issuer '{issuer}'", HttpStatusCode.Unauthorized, "invalid_token", () => SignInWithAsync(browser, "issuer", p => p["iss"] = issuer));
        }

        await Expect("expired", HttpStatusCode.Unauthorized, "invalid_token", () => SignInWithAsync(browser, "expired", p => (p["iat"], p["exp"]) = (Unix(-2 * 3600), Unix(-3600))));
        await Expect("issued in the future", HttpStatusCode.Unauthorized, "invalid_token", () => SignInWithAsync(browser, "future", p => (p["iat"], p["exp"]) = (Unix(600), Unix(4200))));
        await Expect("not valid yet", HttpStatusCode.Unauthorized, "not_yet_valid", () => SignInWithAsync(browser, "nbf", p => p["nbf"] = Unix(600)));
        await Expect("string where a boolean belongs", HttpStatusCode.Unauthorized, "malformed", () => SignInWithAsync(browser, "typed-bool", p => p["email_verified"] = "yes"));
        await Expect("boolean spelled as a string", HttpStatusCode.Unauthorized, "malformed", () => SignInWithAsync(browser, "typed-true", p => p["email_verified"] = "true"));
        await Expect("array where a string belongs", HttpStatusCode.Unauthorized, "malformed", () => SignInWithAsync(browser, "typed-array", p => p["email"] = new JsonArray("a@example.com", "b@example.com")));
        await Expect("string where a number belongs", HttpStatusCode.Unauthorized, "malformed", () => SignInWithAsync(browser, "typed-exp", p => p["exp"] = "tomorrow"));
        await Expect("no subject", HttpStatusCode.Unauthorized, "invalid_subject", () => SignInWithAsync(browser, "no-sub", p => p.Remove("sub")));
        await Expect("junk", HttpStatusCode.Unauthorized, "malformed", () => browser.SignInAsync(Secret("secret-looking-junk-" + Guid.NewGuid())));

        // Outside the organisation; a second Google account claiming the victim's email; an unverified one.
        await Expect("no hosted domain", HttpStatusCode.Forbidden, "hosted_domain_not_allowed", () => SignInWithAsync(browser, "no-hd", p => p.Remove("hd")));
        await Expect("other hosted domain", HttpStatusCode.Forbidden, "hosted_domain_not_allowed", () => SignInWithAsync(browser, "other-hd", p => p["hd"] = "evil.example"));
        await Expect("email claim", HttpStatusCode.Conflict, null, () => SignInWithAsync(browser, "claimant", p => p["email"] = "victim@example.com"));
        var unverified = Browser();
        await Expect("unverified email", HttpStatusCode.OK, null, () => SignInWithAsync(unverified, "unverified", p => (p["email"], p["email_verified"]) = ("victim@example.com", false)));

        // Another user's session can be neither revoked nor confirmed.
        var victimAgain = Browser();
        await Expect("victim signs in again", HttpStatusCode.OK, null, () => SignInWithAsync(victimAgain, "victim"));
        var victimSession = (await (await victimAgain.GetAsync("/api/auth/sessions")).ReadJsonAsync())[0].GetProperty("id").GetGuid();
        await Expect("revoke another user's session", HttpStatusCode.NotFound, null, () =>
            unverified.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/sessions/{victimSession}") { Headers = { { "X-CSRF", "1" } } }));

        // Requests that are not sign-ins: cross-site, header-less, oversized, not JSON, wrongly typed, unknown provider.
        var (csrfToken, csrfNonce) = await SignedAsync(browser, "csrf-target");
        await Expect("no csrf header", HttpStatusCode.Forbidden, null, () => browser.PostAsJsonAsync("/api/auth/google", new { idToken = csrfToken, nonce = csrfNonce }));
        await Expect("cross origin", HttpStatusCode.Forbidden, null, () => browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = JsonContent.Create(new { idToken = csrfToken, nonce = csrfNonce }),
            Headers = { { "X-CSRF", "1" }, { "Origin", "https://evil.example" } },
        }));
        await Expect("oversized body", HttpStatusCode.RequestEntityTooLarge, null, () => PostAsync(browser, $$"""{"idToken":"{{Secret(new string('s', 17 * 1024))}}"}""", "application/json"));
        await Expect("form body", HttpStatusCode.UnsupportedMediaType, null, () => PostAsync(browser, $"idToken={csrfToken}&nonce={csrfNonce}", "application/x-www-form-urlencoded"));
        await Expect("token in an array", HttpStatusCode.BadRequest, null, () => PostAsync(browser, $$"""{"idToken":["{{csrfToken}}"],"nonce":"{{csrfNonce}}"}""", "application/json"));
        await Expect("nonce as a number", HttpStatusCode.BadRequest, null, () => PostAsync(browser, $$"""{"idToken":"{{csrfToken}}","nonce":5}""", "application/json"));
        await Expect("broken json", HttpStatusCode.BadRequest, null, () => PostAsync(browser, $$"""{"idToken":"{{csrfToken}}","nonce":"{{csrfNonce}}" """, "application/json"));
        await Expect("unknown provider", HttpStatusCode.NotFound, null, () => browser.SignInAsync(csrfToken, csrfNonce, provider: "facebook"));

        // The key server rotates: a token under the new key works. Then it goes down: an unknown kid is 503.
        using var rotatedKey = new TestSigningKey();
        app.KeyServer.Publish(app.Key, rotatedKey);
        PassUnknownKidRefreshInterval();
        await Expect("rotated key", HttpStatusCode.OK, null, () => SignInWithAsync(Browser(), "rotated", signer: rotatedKey));
        app.KeyServer.FailWith = HttpStatusCode.InternalServerError;
        PassUnknownKidRefreshInterval();
        using var unknownKey = new TestSigningKey();
        await Expect("key server down", HttpStatusCode.ServiceUnavailable, null, () => SignInWithAsync(browser, "down", signer: unknownKey));
        await Expect("cached key while down", HttpStatusCode.OK, null, () => SignInWithAsync(Browser(), "while-down"));

        // Floods of sign-ins and of nonces, each from an address of its own.
        var signInFlood = await FloodAsync("192.0.2.77", client => client.SignInAsync(Secret("flood-" + Guid.NewGuid())));
        var nonceFlood = await FloodAsync("192.0.2.78", client => client.RequestNonceAsync());
        foreach (var issued in nonceFlood.Where(r => r.IsSuccessStatusCode))
        {
            Secret((await issued.ReadJsonAsync()).GetProperty("nonce").GetString()!);
        }

        _outcomes.Should().OnlyContain(o => (int)o.Status < 500 || o.Status == HttpStatusCode.ServiceUnavailable);
        await WaitForRequestLogsAsync();
        var log = string.Join('\n', app.Logs.Lines);
        log.Should().Contain("/api/auth/google", "the requests themselves are logged");
        app.Logs.Lines.Should().Contain(l => l.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal), "the framework's Debug lines are scanned too");
        app.Logs.Lines.Should().Contain(l => l.StartsWith("Debug Microsoft.EntityFrameworkCore", StringComparison.Ordinal), "and the database's");
        // Parts of a JWT are secrets too: its signature alone can be matched against a stolen token.
        // (Pieces shorter than 8 characters would match by chance; every part of a real token is longer.)
        var leaks = _secrets.Distinct()
            .SelectMany(secret => secret.Split('.').Where(part => part.Length >= 8).Prepend(secret))
            .Distinct()
            .Where(piece => log.Contains(piece, StringComparison.Ordinal))
            .Select(piece => app.Logs.Lines.First(line => line.Contains(piece, StringComparison.Ordinal)));
        leaks.Should().BeEmpty("no token, part of a token, nonce or cookie may reach the log");
    }

    private static long Unix(int secondsFromNow) => DateTimeOffset.UtcNow.AddSeconds(secondsFromNow).ToUnixTimeSeconds();

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>A browser whose every request is counted, to know how many request log lines to wait for.</summary>
    private HttpClient Browser(params DelegatingHandler[] handlers) =>
        _app.CreateDefaultClient(new Uri("http://localhost"), [new CountingHandler(() => Interlocked.Increment(ref _requests)), .. handlers, new BrowserCookieHandler()]);

    /// <summary>A cookie-less client sending a cookie of the attacker's choosing.</summary>
    private HttpClient WithCookie(string cookie)
    {
        var client = _app.CreateDefaultClient(new Uri("http://localhost"), new CountingHandler(() => Interlocked.Increment(ref _requests)));
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private string Secret(string value)
    {
        _secrets.Add(value);
        return value;
    }

    /// <summary>A nonce for this browser; the nonce and its pre-login cookie are both secrets.</summary>
    private async Task<string> NonceAsync(HttpClient browser)
    {
        var issued = await browser.RequestNonceAsync();
        issued.EnsureSuccessStatusCode();
        Secret(issued.SetCookie("__Host-gl-nonce-binding")!.Split(';')[0].Split('=', 2)[1]);
        return Secret((await issued.ReadJsonAsync()).GetProperty("nonce").GetString()!);
    }

    /// <summary>A Google-shaped payload from the allowed organisation.</summary>
    private static JsonObject Payload(string subject, string? nonce)
    {
        var payload = GoogleTokens.Payload(subject: subject, email: $"{subject}@example.com", nonce: nonce);
        payload["hd"] = HostedDomain;
        return payload;
    }

    private string Sign(JsonObject payload, TestSigningKey? signer = null, JsonObject? header = null) =>
        Secret((signer ?? _app.Key).Sign(payload, header));

    private async Task<(string Token, string Nonce)> SignedAsync(HttpClient browser, string subject)
    {
        var nonce = await NonceAsync(browser);
        return (Sign(Payload(subject, nonce)), nonce);
    }

    /// <summary>Signs in with a fresh nonce and a token whose claims, key or header the attack changes.</summary>
    private async Task<HttpResponseMessage> SignInWithAsync(
        HttpClient browser,
        string subject,
        Action<JsonObject>? customize = null,
        TestSigningKey? signer = null,
        JsonObject? header = null)
    {
        var nonce = await NonceAsync(browser);
        var payload = Payload(subject, nonce);
        customize?.Invoke(payload);
        return await browser.SignInAsync(Sign(payload, signer, header), nonce);
    }

    private async Task<HttpResponseMessage> SignInUnsignedAsync(HttpClient browser, string algorithm, string signature)
    {
        var nonce = await NonceAsync(browser);
        var header = TestSigningKey.Encode(new JsonObject { ["alg"] = algorithm, ["kid"] = _app.Key.KeyId });
        return await browser.SignInAsync(Secret($"{header}.{TestSigningKey.Encode(Payload("unsigned", nonce))}.{signature}"), nonce);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string body, string contentType) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
            Headers = { { "X-CSRF", "1" } },
        });

    /// <summary>Past the 30 s that must pass before a token with an unknown kid may refetch the key set.</summary>
    private void PassUnknownKidRefreshInterval() => _clock.Advance(TimeSpan.FromSeconds(31));

    /// <summary>Well over the configured allowance at once from one address: the excess gets 429 with Retry-After.</summary>
    private async Task<HttpResponseMessage[]> FloodAsync(string clientAddress, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var client = Browser();
        client.DefaultRequestHeaders.Add(ClientAddressFromTestHeader.HeaderName, clientAddress);
        var responses = await Task.WhenAll(Enumerable.Range(0, 130).Select(_ => send(client)));
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).Should().BeGreaterThanOrEqualTo(30, clientAddress);
        foreach (var limited in responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests))
        {
            limited.Headers.RetryAfter.Should().NotBeNull();
            limited.Content.Headers.ContentType.Should().NotBeNull();
            limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        responses.Should().OnlyContain(r => (int)r.StatusCode < 500);
        return responses;
    }

    /// <summary>Sends one attack and checks its status, its ProblemDetails and the reason code it logged (or that it logged none).</summary>
    private async Task<HttpResponseMessage> Expect(string attack, HttpStatusCode status, string? reason, Func<Task<HttpResponseMessage>> send)
    {
        var rejectionsBefore = _app.Logs.TokenRejections.Count;
        var response = await send();
        _outcomes.Add((attack, response.StatusCode));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, $"{attack}: {body}");
        if ((int)status >= 400)
        {
            response.Content.Headers.ContentType.Should().NotBeNull(attack);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", attack);
        }

        // A rejection is logged before the response is written, so it is in the log by now.
        _app.Logs.TokenRejections.Skip(rejectionsBefore).Should().Equal(reason is null ? [] : [reason], attack);

        if (response.SetCookie("__Host-gl-session") is { } setCookie && setCookie.Split(';')[0].Split('=', 2)[1] is { Length: > 0 } value)
        {
            Secret(value);
        }

        return response;
    }

    /// <summary>Request log lines are written as each response completes, which can be after the client has it.</summary>
    private async Task WaitForRequestLogsAsync()
    {
        int RequestLogLines() => _app.Logs.Lines.Count(l => l.Contains("Serilog.AspNetCore.RequestLoggingMiddleware", StringComparison.Ordinal));
        var waited = Stopwatch.StartNew();
        while (RequestLogLines() < _requests && waited.Elapsed < RequestLogTimeout)
        {
            await Task.Delay(20);
        }

        RequestLogLines().Should().BeGreaterThanOrEqualTo(_requests, "every request's log line must be written before the log is scanned");
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
