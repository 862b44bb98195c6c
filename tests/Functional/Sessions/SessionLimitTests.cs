using System.Net;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>A user's active sessions are capped (<c>Auth:Sessions:MaxPerUser</c>, 20 by default): signing in again makes the oldest give way.</summary>
public sealed class SessionLimitTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    /// <summary>Signs one user in from <paramref name="count"/> browsers, one after another; returns them oldest first.</summary>
    private async Task<List<HttpClient>> SignInFromBrowsersAsync(string subject, int count)
    {
        var browsers = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            var browser = app.CreateBrowser();
            (await app.SignInAsync(browser, subject: subject)).StatusCode.Should().Be(HttpStatusCode.OK);
            browsers.Add(browser);
        }

        return browsers;
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient browser) => (await browser.GetAsync("/api/users/me")).StatusCode;

    private static async Task<int> ActiveSessionCountAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/api/auth/sessions");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.ReadJsonAsync()).GetArrayLength();
    }

    [Fact]
    public async Task Opening_a_21st_session_revokes_the_oldest()
    {
        var browsers = await SignInFromBrowsersAsync("twenty-one-browsers", 20);
        (await MeAsync(browsers[0])).Should().Be(HttpStatusCode.OK, "twenty sessions are within the default limit");

        browsers.AddRange(await SignInFromBrowsersAsync("twenty-one-browsers", 1));

        await (await browsers[0].GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
        foreach (var browser in browsers.Skip(1))
        {
            (await MeAsync(browser)).Should().Be(HttpStatusCode.OK);
        }

        (await ActiveSessionCountAsync(browsers[^1])).Should().Be(20);
    }

    [Fact]
    public async Task Signing_in_again_in_place_at_the_limit_signs_out_nothing_else()
    {
        var browsers = await SignInFromBrowsersAsync("renewing-at-the-limit", 20);

        var nonce = await browsers[^1].GetNonceAsync();
        var renewal = new HttpRequestMessage(HttpMethod.Post, "/api/auth/reauthenticate/google")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { idToken = app.SignGoogleToken("renewing-at-the-limit", nonce: nonce), nonce }),
            Headers = { { "X-CSRF", "1" } },
        };
        (await browsers[^1].SendAsync(renewal)).StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var browser in browsers)
        {
            (await MeAsync(browser)).Should().Be(HttpStatusCode.OK, "the renewed session replaced itself, no other");
        }

        (await ActiveSessionCountAsync(browsers[0])).Should().Be(20);
        var activity = await (await browsers[0].GetAsync("/api/users/me/activity")).ReadJsonAsync();
        activity.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().NotContain("session_revoked");
    }

    [Fact]
    public async Task After_41_sign_ins_of_one_user_the_newest_20_sessions_are_active()
    {
        var browsers = await SignInFromBrowsersAsync("forty-one-browsers", 41);

        var statuses = new List<HttpStatusCode>();
        foreach (var browser in browsers)
        {
            statuses.Add(await MeAsync(browser));
        }

        statuses.Should().Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 21), .. Enumerable.Repeat(HttpStatusCode.OK, 20)]);
        (await ActiveSessionCountAsync(browsers[^1])).Should().Be(20);
    }

    [Fact]
    public async Task Parallel_sign_ins_of_a_user_at_the_limit_leave_no_more_than_the_limit_active()
    {
        var browsers = await SignInFromBrowsersAsync("parallel-at-the-limit", 20);

        // Each counts the user's sessions, finds room for one, and adds one: only in turn do they count each other's.
        var parallel = Enumerable.Range(0, 8).Select(_ => app.CreateBrowser()).ToList();
        var answers = await Task.WhenAll(parallel.Select(browser => Task.Run(() => app.SignInAsync(browser, subject: "parallel-at-the-limit"))));

        answers.Should().AllSatisfy(answer => answer.StatusCode.Should().Be(HttpStatusCode.OK));
        (await ActiveSessionCountAsync(parallel[0])).Should().Be(20);
        var live = 0;
        foreach (var browser in browsers.Concat(parallel))
        {
            live += await MeAsync(browser) == HttpStatusCode.OK ? 1 : 0;
        }

        live.Should().Be(20);
    }

    [Fact]
    public async Task The_limit_is_per_user()
    {
        var browsers = await SignInFromBrowsersAsync("limit-first-user", 20);

        await SignInFromBrowsersAsync("limit-second-user", 1);

        (await MeAsync(browsers[0])).Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task A_limit_below_one_session_refuses_to_start(string maxPerUser)
    {
        await using var limited = await GoogleLoginApp.StartAsync("Production", ("Auth:Sessions:MaxPerUser", maxPerUser));

        var act = () => limited.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxPerUser*");
    }
}
