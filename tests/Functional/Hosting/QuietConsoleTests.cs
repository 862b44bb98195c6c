namespace GoogleLogin.Tests.Functional;

/// <summary>The console shows what happened, not every read a page load makes.</summary>
[Collection(CapturedConsole.Collection)]
public sealed class QuietConsoleTests
{
    [Fact]
    public async Task A_signed_out_visitor_s_page_load_writes_no_console_line_while_a_change_writes_one()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        await browser.GetAsync("/health/live"); // starts the app before the console is watched
        using var console = new CapturedConsole();

        foreach (var path in new[] { "/", "/account", "/api/auth/config" })
        {
            (await browser.GetAsync(path)).EnsureSuccessStatusCode();
        }

        // Google's button asks for a nonce as the sign-in page loads.
        (await browser.RequestNonceAsync()).EnsureSuccessStatusCode();

        // A request that is logged, written after the reads' lines would have been.
        await browser.PostAsync("/api/auth/logout", null);
        await console.WaitForLineWithAsync("HTTP POST /api/auth/logout responded");
        console.Lines.Should().NotContain(l => l.Contains("HTTP GET", StringComparison.Ordinal));
        console.Lines.Should().NotContain(l => l.Contains("challenged", StringComparison.Ordinal));
    }
}
