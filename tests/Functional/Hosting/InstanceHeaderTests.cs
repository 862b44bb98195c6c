using System.Net;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// <c>Instance:Name</c>: behind a load balancer every answer says which instance produced it, pages
/// and errors alike; with no name there is no header.
/// </summary>
public sealed class InstanceHeaderTests : IDisposable
{
    private const string Header = "X-Instance";
    private readonly string _webRoot = Directory.CreateTempSubdirectory("googlelogin-wwwroot-").FullName;

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);

    /// <summary>An app named <paramref name="name"/> (null: unnamed) that serves a page of its own.</summary>
    private async Task<GoogleLoginApp> StartNamedAsync(string? name)
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), "<!doctype html><div id=\"root\"></div>");
        var app = new GoogleLoginApp { WebRoot = _webRoot }.With("Instance:Name", name);
        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> ProblemAsync(Task<HttpResponseMessage> request, int status)
    {
        var response = await request;
        await response.ShouldBeProblemAsync(status);
        return response;
    }

    [Fact]
    public async Task Every_answer_names_the_instance_pages_health_api_and_problems_alike()
    {
        await using var app = await StartNamedAsync("b-2.eu_west");
        var browser = app.CreateBrowser();

        var answers = new[]
        {
            await browser.GetAsync("/"),
            await browser.GetAsync("/health/live"),
            await browser.GetAsync("/api/auth/config"),
            await ProblemAsync(browser.GetAsync("/api/nothing-here"), 404),
            await ProblemAsync(browser.GetAsync("/api/users/me"), 401),
            await ProblemAsync(browser.PostAsync("/api/auth/logout", null), 403),
        };

        answers.Take(3).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK);
        answers.Should().AllSatisfy(a => a.Headers.GetValues(Header).Should().Equal("b-2.eu_west"));
    }

    [Fact]
    public async Task With_no_name_there_is_no_header()
    {
        await using var app = await StartNamedAsync(null);
        var browser = app.CreateBrowser();

        var answers = new[]
        {
            await browser.GetAsync("/"),
            await browser.GetAsync("/health/live"),
            await ProblemAsync(browser.GetAsync("/api/users/me"), 401),
        };

        answers.Should().AllSatisfy(a => a.Headers.Contains(Header).Should().BeFalse());
    }

    [Fact]
    public async Task The_start_up_log_names_the_instance()
    {
        await using var app = await StartNamedAsync("a");
        (await app.CreateBrowser().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Logs.Lines.Should().Contain(l => l.Contains("Instance \"a\"", StringComparison.Ordinal) && l.Contains(Header, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a\r\nSet-Cookie: x=1")]
    [InlineData("é")]
    [InlineData("a/b")]
    public async Task A_name_that_is_not_a_short_token_stops_start_up_with_a_clear_message(string name)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Instance:Name", name));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Instance:Name must be 1 to 64 letters, digits, '-', '_' or '.'*");
        (await app.Database.ExistsAsync()).Should().BeFalse("configuration is checked before the database is touched");
    }

    [Fact]
    public async Task A_name_longer_than_64_characters_stops_start_up()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Instance:Name", new string('a', 65)));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Instance:Name*");
    }
}
