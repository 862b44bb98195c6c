namespace GoogleLogin.Tests.Functional;

/// <summary>SECURITY.md: text from a request or a token cannot forge a log line.</summary>
[Collection(CapturedConsole.Collection)]
public sealed class LogForgingTests
{
    private const string FakeLine = "[12:00:00 INF] User admin signed in";

    [Fact]
    public async Task A_token_claim_carrying_a_fake_log_line_never_reaches_the_log()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        await browser.GetAsync("/api/auth/config"); // starts the app before the console is watched
        using var console = new CapturedConsole();

        var response = await app.SignInAsync(browser, subject: "log-forger", customize: p => p["email_verified"] = $"true\n{FakeLine}");

        await response.ShouldBeProblemAsync(401);
        await console.WaitForLineWithAsync("HTTP POST /api/auth/google responded 401");
        console.Lines.Should().NotContain(l => l.TrimStart('\r').StartsWith(FakeLine, StringComparison.Ordinal));
        // The library's message quotes the claim's value: the log names the exception's type instead.
        app.Logs.Lines.Should().NotContain(l => l.Contains("User admin signed in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Line_breaks_in_a_request_path_are_escaped_on_the_console()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        await browser.GetAsync("/api/auth/config");
        using var console = new CapturedConsole();

        await browser.GetAsync("/api/forged%0D%0A" + Uri.EscapeDataString(FakeLine));

        await console.WaitForLineWithAsync("User admin signed in");
        console.Lines.Should().NotContain(l => l.TrimStart('\r').StartsWith(FakeLine, StringComparison.Ordinal));
        console.Lines.Should().Contain(l => l.Contains($"/api/forged\\r\\n{FakeLine}", StringComparison.Ordinal), "the path is logged, its line break escaped");
    }
}
