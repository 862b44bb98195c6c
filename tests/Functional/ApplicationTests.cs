using System.Net;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

public sealed class ApplicationTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>
{
    [Fact]
    public async Task Config_tells_the_browser_which_google_client_to_use()
    {
        var config = await (await app.CreateBrowser().GetAsync("/api/auth/config")).ReadJsonAsync();

        config.GetProperty("googleClientId").GetString().Should().Be(GoogleTokens.ClientId);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await app.CreateBrowser().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = await (await app.CreateBrowser().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/auth/{provider}", "/api/auth/logout", "/api/auth/config", "/api/users/me"]);
    }

    [Fact]
    public async Task Unknown_api_paths_and_wrong_methods_are_problem_details()
    {
        await (await app.CreateBrowser().GetAsync("/api/does-not-exist")).ShouldBeProblemAsync(404);
        await (await app.CreateBrowser().GetAsync("/api/auth/logout")).ShouldBeProblemAsync(405);
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_log()
    {
        var requestsLoggedBefore = RequestLogLines();
        var browser = app.CreateBrowser();
        var idToken = app.SignGoogleToken(subject: "log-check", nonce: "log-check-nonce");
        var signIn = await browser.SignInAsync(idToken, nonce: "log-check-nonce");
        var cookie = signIn.SetCookie("gl-session")!.Split(';')[0].Split('=', 2)[1];
        await browser.GetAsync("/api/users/me");
        await browser.LogoutAsync();
        await browser.GetAsync("/api/users/me");
        using var otherKey = new TestSigningKey();
        var forged = otherKey.Sign(GoogleTokens.Payload(nonce: "forged-nonce"));
        await app.CreateBrowser().SignInAsync(forged, nonce: "forged-nonce");
        await app.CreateBrowser().SignInAsync("not-a-token-but-secret-looking-string");

        // Request log lines are written as each response completes, which can be after the client has it.
        for (var wait = 0; RequestLogLines() < requestsLoggedBefore + 6 && wait < 100; wait++)
        {
            await Task.Delay(50);
        }

        var log = string.Join('\n', app.Logs.Lines);
        log.Should().Contain("/api/auth/google", "the requests themselves are logged");
        foreach (var secret in new[] { idToken, idToken.Split('.')[2], cookie, forged, forged.Split('.')[1], "log-check-nonce", "not-a-token-but-secret-looking-string" })
        {
            log.Should().NotContain(secret);
        }
    }

    private int RequestLogLines() => app.Logs.Lines.Count(l => l.Contains("RequestLoggingMiddleware", StringComparison.Ordinal));
}

public sealed class StartupTests
{
    [Fact]
    public async Task Production_refuses_to_start_without_a_google_client_id()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Google:ClientIds:0", null));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ClientIds*");
        File.Exists(app.DatabasePath).Should().BeFalse("configuration is checked before the database is touched");
    }

    [Fact]
    public async Task Readiness_fails_as_problem_details_when_the_database_is_gone()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        (await browser.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(app.DatabasePath)!, recursive: true);

        var problem = await (await browser.GetAsync("/health/ready")).ShouldBeProblemAsync(503);
        problem.GetProperty("detail").GetString().Should().Contain("database");
        (await browser.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.CreateDirectory(Path.GetDirectoryName(app.DatabasePath)!);
    }

    [Fact]
    public async Task A_fresh_database_file_is_created_and_migrated_on_start()
    {
        await using var app = await GoogleLoginApp.StartAsync();

        File.Exists(app.DatabasePath).Should().BeFalse();
        (await app.CreateBrowser().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(app.DatabasePath).Should().BeTrue();
    }
}
