using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// GET /api/session: what a page asks on loading. A signed-out visitor is an answer (200), not a refusal,
/// so a normal page load shows no 401 in the browser's console and logs no challenge.
/// </summary>
public sealed class SessionStateTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    [Fact]
    public async Task A_browser_without_a_session_is_answered_signed_out_with_200_and_no_challenge()
    {
        var response = await app.CreateBrowser().GetAsync("/api/session");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var state = await response.Content.ReadFromJsonAsync<JsonElement>();
        state.GetProperty("signedIn").GetBoolean().Should().BeFalse();
        state.GetProperty("user").ValueKind.Should().Be(JsonValueKind.Null);
        state.GetProperty("recentSignInUntil").ValueKind.Should().Be(JsonValueKind.Null);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        app.Logs.Lines.Should().NotContain(l => l.Contains("was challenged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_in_browser_is_answered_with_its_user_and_until_when_its_sign_in_counts_as_recent()
    {
        var browser = await app.SignedInBrowserAsync("session-state-user");
        var session = (await browser.GetFromJsonAsync<JsonElement>("/api/auth/sessions")).EnumerateArray().Single();

        var state = await browser.GetFromJsonAsync<JsonElement>("/api/session");
        var config = await browser.GetFromJsonAsync<JsonElement>("/api/auth/config");

        state.GetProperty("signedIn").GetBoolean().Should().BeTrue();
        state.GetProperty("user").GetProperty("email").GetString().Should().Be("session-state-user@example.com");
        // Its sign-in + Auth:Sessions:ReauthenticationWindow (10 minutes by default), which the config names for the page's copy.
        state.GetProperty("recentSignInUntil").GetDateTimeOffset().Should().Be(session.GetProperty("createdAt").GetDateTimeOffset().AddMinutes(10));
        config.GetProperty("reauthenticationWindowMinutes").GetInt32().Should().Be(10);
    }

    [Fact]
    public async Task A_dead_session_cookie_is_answered_signed_out_and_cleared()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        request.Headers.Add("Cookie", "__Host-gl-session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var response = await app.CreateClient(new() { HandleCookies = false }).SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signedIn").GetBoolean().Should().BeFalse();
        response.SetCookie("__Host-gl-session").Should().ContainEquivalentOf("expires=Thu, 01 Jan 1970");
    }

    [Fact]
    public async Task The_users_own_resources_still_answer_401_without_a_session()
    {
        await (await app.CreateBrowser().GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
    }
}
