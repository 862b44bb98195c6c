using System.Net;
using System.Text;

namespace GoogleLogin.Tests.Functional;

/// <summary>Per-address rate limits on sign-in and nonces, and a body limit enforced before parsing.</summary>
public sealed class AbuseTests
{
    private static Task<GoogleLoginApp> StartStrictAppAsync() => GoogleLoginApp.StartAsync(
        "Production",
        ("RateLimiting:SignIn:Burst", "5"),
        ("RateLimiting:SignIn:PerMinute", "1"),
        ("RateLimiting:Nonce:Burst", "3"),
        ("RateLimiting:Nonce:PerMinute", "1"),
        ("RateLimiting:Callback:Burst", "5"),
        ("RateLimiting:Callback:PerMinute", "1"));

    private static Task<HttpResponseMessage> SignInFromAsync(GoogleLoginApp app, string clientAddress, string body = """{"idToken":"junk"}""", bool csrf = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { ClientAddressFromTestHeader.HeaderName, clientAddress } },
        };
        if (csrf)
        {
            request.Headers.Add("X-CSRF", "1");
        }

        return app.CreateBrowser().SendAsync(request);
    }

    [Fact]
    public async Task A_burst_of_sign_ins_from_one_address_gets_429_with_retry_after()
    {
        await using var app = await StartStrictAppAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await SignInFromAsync(app, "203.0.113.10");
            statuses.Add(response.StatusCode);
            limited = response;
        }

        statuses.Should().Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)));
        var problem = await limited!.ShouldBeProblemAsync(429);
        problem.GetProperty("detail").GetString().Should().Contain("Try again");
        limited!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
    }

    [Fact]
    public async Task A_redirect_sign_in_beyond_the_allowance_goes_back_to_the_app_with_the_reason_not_to_a_json_page()
    {
        await using var app = await StartStrictAppAsync();

        var locations = new List<string>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/acme/callback?code=x&state=y")
            {
                Headers = { { ClientAddressFromTestHeader.HeaderName, "203.0.113.30" } },
            };
            var response = await app.CreateBrowser().SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            locations.Add(response.Headers.Location!.OriginalString);
            limited = response;
        }

        // No provider "acme" here: within the allowance the callback says so; beyond it, the limit does.
        locations.Should().Equal(Enumerable.Repeat("/?signInError=unknown_provider", 5).Concat(Enumerable.Repeat("/?signInError=rate_limited", 3)));
        limited!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
    }

    [Fact]
    public async Task By_default_an_address_gets_30_sign_ins_and_120_nonces_at_once()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("RateLimiting:SignIn:Burst", null),
            ("RateLimiting:SignIn:PerMinute", null),
            ("RateLimiting:Nonce:Burst", null),
            ("RateLimiting:Nonce:PerMinute", null));
        var browser = app.CreateBrowser();

        var signIns = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            signIns.Add((await SignInFromAsync(app, "203.0.113.60")).StatusCode);
        }

        var nonces = new List<HttpStatusCode>();
        for (var i = 0; i < 150; i++)
        {
            nonces.Add((await browser.RequestNonceAsync()).StatusCode);
        }

        // The buckets refill as the requests run (a sign-in every 2 s, a nonce every 0.5 s), so past
        // the burst a few more may pass; what matters is the full burst, then refusals.
        signIns.Take(30).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        signIns.Skip(30).Should().Contain(HttpStatusCode.TooManyRequests);
        nonces.Take(120).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        nonces.Skip(120).Should().Contain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Each_address_has_its_own_allowance_and_an_ipv6_client_is_its_slash_64()
    {
        await using var app = await StartStrictAppAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignInFromAsync(app, "203.0.113.20");
            await SignInFromAsync(app, $"2001:db8:0:7::{i + 1}");
        }

        (await SignInFromAsync(app, "203.0.113.20")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await SignInFromAsync(app, "2001:db8:0:7::ffff")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the same /64");
        (await SignInFromAsync(app, "203.0.113.21")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SignInFromAsync(app, "2001:db8:0:8::1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_nonce_endpoint_is_limited_per_address_too()
    {
        await using var app = await StartStrictAppAsync();
        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.Add(ClientAddressFromTestHeader.HeaderName, "203.0.113.30");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await browser.RequestNonceAsync()).StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Forged_cross_site_posts_are_refused_without_using_up_the_allowance()
    {
        await using var app = await StartStrictAppAsync();
        for (var i = 0; i < 10; i++)
        {
            (await SignInFromAsync(app, "203.0.113.40", csrf: false)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        (await SignInFromAsync(app, "203.0.113.40")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_cross_site_flood_of_nonce_requests_leaves_the_address_its_allowance_for_a_real_sign_in()
    {
        await using var app = await StartStrictAppAsync();
        const string address = "203.0.113.45";
        // A page on another site makes its visitors' browsers post for nonces: without X-CSRF (a form
        // or simple request can set no custom header), or with it but from its own origin.
        for (var i = 0; i < 20; i++)
        {
            var forged = new HttpRequestMessage(HttpMethod.Post, "/api/auth/nonce") { Headers = { { ClientAddressFromTestHeader.HeaderName, address } } };
            if (i % 2 == 1)
            {
                forged.Headers.Add("X-CSRF", "1");
                forged.Headers.Add("Origin", "https://evil.example");
            }

            (await app.CreateBrowser().SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.Add(ClientAddressFromTestHeader.HeaderName, address);
        (await app.SignInAsync(browser, subject: "after-a-nonce-flood")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sign_in_body_over_16_kb_is_413_before_it_is_parsed()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        // Not even JSON: a parser would answer 400, so 413 shows nothing read it.
        var oversized = new string('x', (16 * 1024) + 1);

        var response = await SignInFromAsync(app, "203.0.113.50", oversized);

        var problem = await response.ShouldBeProblemAsync(413);
        problem.GetProperty("detail").GetString().Should().Contain("16384");
        (await SignInFromAsync(app, "203.0.113.50", $$"""{"idToken":"{{new string('a', (16 * 1024) - 20)}}"}""")).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "a body within the limit is read and judged");
    }

    [Fact]
    public async Task On_kestrel_a_chunked_body_over_16_kb_is_cut_off_with_413()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = new ChunkedContent("{\"idToken\":\"" + new string('a', 64 * 1024) + "\"}"),
            Headers = { { "X-CSRF", "1" } },
        };

        var response = await client.SendAsync(request);

        request.Content.Headers.ContentLength.Should().BeNull("the body was sent without a declared length");
        await response.ShouldBeProblemAsync(413);
    }

    /// <summary>A body of unknown length, so the server cannot refuse it from the headers alone.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
