using System.Diagnostics;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// What the app writes to the console (Serilog's console sink) while this is not disposed. The console is
/// one per process: test classes that capture it share the collection <see cref="Collection"/>, so they never run at once.
/// </summary>
public sealed class CapturedConsole : IDisposable
{
    public const string Collection = "Console output";

    private readonly StringWriter _output = new();
    private readonly TextWriter _original = Console.Out;

    public CapturedConsole() => Console.SetOut(TextWriter.Synchronized(_output));

    /// <summary>The lines written so far, split only where a line feed was written.</summary>
    public string[] Lines => _output.ToString().Split('\n');

    /// <summary>Waits for a line containing <paramref name="text"/> (request lines are written as the response completes).</summary>
    public async Task WaitForLineWithAsync(string text)
    {
        var waited = Stopwatch.StartNew();
        while (!Lines.Any(l => l.Contains(text, StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        Lines.Should().Contain(l => l.Contains(text, StringComparison.Ordinal), $"a console line says '{text}'");
    }

    public void Dispose() => Console.SetOut(_original);
}
