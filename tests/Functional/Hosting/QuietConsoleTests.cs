using System.Diagnostics;

namespace GoogleLogin.Tests.Functional;

/// <summary>The log shows what happened, not every read a page load makes.</summary>
public sealed class QuietConsoleTests
{
    [Fact]
    public async Task A_signed_out_visitor_s_page_load_writes_no_log_line_while_a_change_writes_one()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        // This app's own log (what its console sink writes too), not the process's console, which other tests' apps share.
        await browser.GetAsync("/health/live"); // starts the app before its log is read
        var linesBefore = app.Logs.Lines.Count;

        foreach (var path in new[] { "/", "/account", "/api/auth/config", "/api/session" })
        {
            (await browser.GetAsync(path)).EnsureSuccessStatusCode();
        }

        // Google's button asks for a nonce as the sign-in page loads.
        (await browser.RequestNonceAsync()).EnsureSuccessStatusCode();

        // A request that is logged, written after the reads' lines would have been.
        await browser.PostAsync("/api/auth/logout", null);
        var waited = Stopwatch.StartNew();
        while (!app.Logs.Lines.Any(l => l.Contains("RequestMethod=POST RequestPath=/api/auth/logout", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        var lines = app.Logs.Lines.Skip(linesBefore).ToList();
        lines.Should().Contain(l => l.Contains("RequestMethod=POST RequestPath=/api/auth/logout", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.Contains("RequestMethod=GET", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.Contains("challenged", StringComparison.Ordinal));
    }
}
