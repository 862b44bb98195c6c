using System.Net;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

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
        app.Logs.Lines.Should().NotContain(l => l.Contains("cannot be executed in a transaction", StringComparison.Ordinal), "every migration runs in its transaction");
    }
}
