using System.Diagnostics;

namespace GoogleLogin.Tests.Functional;

/// <summary>docs/api.md: every error's <c>traceId</c> matches the server's log line, so a user's report leads to the log.</summary>
[Collection(CapturedConsole.Collection)]
public sealed class ErrorTraceTests
{
    [Fact]
    public async Task The_trace_id_of_an_error_is_on_the_servers_console_lines_for_that_request()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        await browser.GetAsync("/api/auth/config"); // starts the app before the console is watched
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console));
        try
        {
            var signIn = await (await browser.SignInAsync("not-a-token")).ShouldBeProblemAsync(401);
            var me = await (await browser.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);

            var signInLines = await LinesWithAsync(console, signIn.GetProperty("traceId").GetString()!, "responded 401");
            signInLines.Should().Contain(l => l.Contains("HTTP POST /api/auth/google responded 401", StringComparison.Ordinal));
            signInLines.Should().Contain(l => l.Contains("ID token rejected: malformed", StringComparison.Ordinal) && l.Contains("google", StringComparison.Ordinal), "the reason is found by the same id");
            var meLines = await LinesWithAsync(console, me.GetProperty("traceId").GetString()!, "responded 401");
            meLines.Should().ContainSingle(l => l.Contains("HTTP GET /api/users/me responded 401", StringComparison.Ordinal));
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>The console lines carrying <paramref name="traceId"/>, once one of them contains <paramref name="awaited"/> (request lines are written as the response completes).</summary>
    private static async Task<string[]> LinesWithAsync(StringWriter console, string traceId, string awaited)
    {
        traceId.Should().NotBeNullOrWhiteSpace();
        string[] Lines() => [.. console.ToString().Split('\n').Where(l => l.Contains(traceId, StringComparison.Ordinal))];
        var waited = Stopwatch.StartNew();
        while (!Lines().Any(l => l.Contains(awaited, StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        Lines().Should().Contain(l => l.Contains(awaited, StringComparison.Ordinal), $"a console line with trace id {traceId} says '{awaited}'");
        return Lines();
    }
}
