using System.Net;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

public sealed class ApplicationTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

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
        paths.Should().Contain(["/api/auth/{provider}", "/api/auth/nonce", "/api/auth/logout", "/api/auth/config", "/api/users/me"]);
    }

    [Fact]
    public async Task Unknown_api_paths_and_wrong_methods_are_problem_details()
    {
        await (await app.CreateBrowser().GetAsync("/api/does-not-exist")).ShouldBeProblemAsync(404);
        await (await app.CreateBrowser().GetAsync("/api/auth/logout")).ShouldBeProblemAsync(405);
    }
}
