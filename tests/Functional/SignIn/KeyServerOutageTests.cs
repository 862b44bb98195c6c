using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Functional;

/// <summary>SECURITY.md: a slow or hanging key server costs no sign-in with a key the app holds.</summary>
public sealed class KeyServerOutageTests
{
    [Fact]
    public async Task With_an_expired_key_set_and_a_hanging_key_server_a_known_key_signs_in_and_an_unknown_kid_is_503()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Keys:FetchTimeout", "00:00:02"));
        app.Time = clock;
        app.KeyServer.CacheControl = "max-age=60";
        (await app.SignInAsync(app.CreateBrowser(), subject: "before-outage")).EnsureSuccessStatusCode();
        app.KeyServer.Delay = TimeSpan.FromMinutes(5);
        clock.Advance(TimeSpan.FromHours(1));

        var known = await app.SignInAsync(app.CreateBrowser(), subject: "during-outage");
        var browser = app.CreateBrowser();
        using var rotatedIn = new TestSigningKey();
        var nonce = await browser.GetNonceAsync();
        var unknown = await browser.SignInAsync(rotatedIn.Sign(GoogleTokens.Payload(subject: "rotated-in", nonce: nonce)), nonce);

        known.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await known.Content.ReadAsStringAsync());
        await unknown.ShouldBeProblemAsync(503);
    }

    [Fact]
    public async Task A_key_server_that_redirects_is_not_followed()
    {
        await using var redirecting = await KeySetServer.StartAsync();
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Google:CertificatesUrl", redirecting.Url));
        // Where the redirect points does publish the key: only following it would sign in.
        redirecting.RedirectTo = app.KeyServer.Url;

        var response = await app.SignInAsync(app.CreateBrowser(), subject: "keys-behind-a-redirect");

        await response.ShouldBeProblemAsync(503, "provider_unavailable");
        redirecting.RequestCount.Should().BeGreaterThan(0);
        app.KeyServer.RequestCount.Should().Be(0, "a key set is fetched from the configured URL only");
    }
}
