using System.Net;
using System.Text.Json;

namespace GoogleLogin.Tests.Functional;

/// <summary>A person's ways to sign in, listed and removed through HTTP.</summary>
public sealed class LoginManagementTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    private static async Task<List<JsonElement>> ListLoginsAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/api/users/me/logins");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }

    private static Task<HttpResponseMessage> UnlinkAsync(HttpClient browser, Guid id) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/users/me/logins/{id}") { Headers = { { "X-CSRF", "1" } } });

    [Fact]
    public async Task A_google_user_has_one_login_named_after_google_with_its_email_and_times()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var browser = await app.SignedInBrowserAsync("logins-list");

        var login = (await ListLoginsAsync(browser)).Should().ContainSingle().Subject;

        login.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("id", "provider", "displayName", "email", "linkedAt", "lastUsedAt");
        login.GetProperty("provider").GetString().Should().Be("google");
        login.GetProperty("displayName").GetString().Should().Be("Google");
        login.GetProperty("email").GetString().Should().Be("logins-list@example.com");
        login.GetProperty("linkedAt").GetDateTimeOffset().Should().BeAfter(before);
        login.GetProperty("lastUsedAt").GetDateTimeOffset().Should().Be(login.GetProperty("linkedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_second_sign_in_moves_the_login_s_last_use_and_email_not_its_link_time()
    {
        var browser = await app.SignedInBrowserAsync("logins-reuse");
        var first = (await ListLoginsAsync(browser)).Single();

        (await app.SignInAsync(browser, subject: "logins-reuse", email: "renamed@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = (await ListLoginsAsync(browser)).Single();

        second.GetProperty("id").GetGuid().Should().Be(first.GetProperty("id").GetGuid());
        second.GetProperty("email").GetString().Should().Be("renamed@example.com");
        second.GetProperty("linkedAt").GetDateTimeOffset().Should().Be(first.GetProperty("linkedAt").GetDateTimeOffset());
        second.GetProperty("lastUsedAt").GetDateTimeOffset().Should().BeAfter(first.GetProperty("lastUsedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_only_login_cannot_be_removed()
    {
        var browser = await app.SignedInBrowserAsync("logins-last");
        var id = (await ListLoginsAsync(browser)).Single().GetProperty("id").GetGuid();

        var problem = await (await UnlinkAsync(browser, id)).ShouldBeProblemAsync(409);

        problem.GetProperty("title").GetString().Should().Be("This is your only way to sign in");
        (await ListLoginsAsync(browser)).Should().ContainSingle();
        (await app.SignInAsync(app.CreateBrowser(), subject: "logins-last")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_user_s_login_is_not_found_and_stays()
    {
        var mallory = await app.SignedInBrowserAsync("logins-mallory");
        var victim = await app.SignedInBrowserAsync("logins-victim");
        var victimLogin = (await ListLoginsAsync(victim)).Single().GetProperty("id").GetGuid();

        await (await UnlinkAsync(mallory, victimLogin)).ShouldBeProblemAsync(404);
        await (await UnlinkAsync(mallory, Guid.NewGuid())).ShouldBeProblemAsync(404);

        (await ListLoginsAsync(victim)).Should().ContainSingle();
    }

    [Fact]
    public async Task Logins_need_a_session_and_removing_one_the_csrf_header()
    {
        var browser = await app.SignedInBrowserAsync("logins-csrf");
        var id = (await ListLoginsAsync(browser)).Single().GetProperty("id").GetGuid();
        var anonymous = app.CreateBrowser();

        await (await anonymous.GetAsync("/api/users/me/logins")).ShouldBeProblemAsync(401);
        await (await UnlinkAsync(anonymous, id)).ShouldBeProblemAsync(401);
        await (await browser.DeleteAsync($"/api/users/me/logins/{id}")).ShouldBeProblemAsync(403);
    }
}
