using System.Net;
using GoogleLogin.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The redirect sign-in's URLs carry <c>state</c>, <c>nonce</c>, <c>code_challenge</c> and the provider's <c>code</c>:
/// none reaches the log, even with every framework category at its most verbose.
/// </summary>
public sealed class RedirectQueryLoggingTests
{
    [Fact]
    public async Task No_query_of_start_or_callback_reaches_the_log_at_any_level()
    {
        using var key = new TestSigningKey();
        await using var server = await OpenIdConnectTestServer.StartAsync();
        server.Publish(key.ToJwk());
        server.TokenSigningKey = key;
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Hosting:PublicOrigin", "http://localhost"),
            ("Auth:Providers:acme:Authority", server.Authority("acme")),
            ("Auth:Providers:acme:ClientIds:0", OpenIdConnectTokens.ClientId),
            ("Auth:Providers:acme:ClientSecret", server.ClientSecret),
            // Whatever appsettings.json says: everything, at every level.
            ("Serilog:MinimumLevel:Default", "Verbose"),
            ("Serilog:MinimumLevel:Override:Microsoft", "Verbose"),
            ("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Verbose"),
            ("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore", "Verbose"),
            ("Serilog:MinimumLevel:Override:System.Net.Http.HttpClient", "Verbose"));
        var browser = app.CreateBrowser();

        // A whole sign-in: the values the start sends to the provider, and the code it sends back.
        var start = await browser.GetAsync("/api/auth/acme/start?returnUrl=%2Faccount");
        var authorization = QueryHelpers.ParseQuery(start.Headers.Location!.Query);
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await provider.GetAsync(start.Headers.Location)).Headers.Location!;
        var returned = QueryHelpers.ParseQuery(callback.Query);
        (await browser.GetAsync(callback.PathAndQuery)).Headers.Location!.OriginalString.Should().Be("/account");

        // And a callback refused: a made-up code and state.
        var refused = await browser.GetAsync("/api/auth/acme/callback?code=made-up-code-3f9a1c&state=made-up-state-7d2e4b");
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect);

        string[] secrets =
        [
            authorization["state"]!, authorization["nonce"]!, authorization["code_challenge"]!, returned["code"]!,
            "made-up-code-3f9a1c", "made-up-state-7d2e4b",
        ];
        secrets.Should().OnlyContain(secret => secret.Length >= 16);
        string[] lines = [.. app.Logs.Lines, .. app.LogEvents.Texts];
        lines.Should().Contain(line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("/api/auth/acme/callback", StringComparison.Ordinal) && line.Contains("?[redacted]", StringComparison.Ordinal),
            "the framework logs every request at this level, its query redacted");
        foreach (var secret in secrets)
        {
            lines.Where(line => line.Contains(secret, StringComparison.Ordinal)).Should().BeEmpty();
        }
    }

    [Fact]
    public async Task No_query_of_the_development_provider_s_authorization_page_reaches_the_log_at_any_level()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Development",
            ("Serilog:MinimumLevel:Default", "Verbose"),
            ("Serilog:MinimumLevel:Override:Microsoft", "Verbose"),
            ("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Verbose"));
        var browser = app.CreateBrowser();

        // The page's query is the start's authorization request: its state, nonce and challenge.
        await browser.GetAsync("/dev-identity/authorize?state=dev-state-5b8e2f1a9c&nonce=dev-nonce-0d4c7a3e61&code_challenge=dev-challenge-8e1f6b2c");

        string[] lines = [.. app.Logs.Lines, .. app.LogEvents.Texts];
        lines.Should().Contain(line => line.Contains("/dev-identity/authorize", StringComparison.Ordinal), "the framework logs every request at this level");
        foreach (var secret in new[] { "dev-state-5b8e2f1a9c", "dev-nonce-0d4c7a3e61", "dev-challenge-8e1f6b2c" })
        {
            lines.Where(line => line.Contains(secret, StringComparison.Ordinal)).Should().BeEmpty();
        }
    }
}
