using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The built WebApi as a real child process (<c>dotnet GoogleLogin.WebApi.dll</c>) listening on a loopback
/// port of its own choosing, with settings given on its command line. Every line it writes is kept for
/// inspection. Disposing it stops it as an orchestrator would, with SIGTERM; a test process that dies first
/// takes its app processes with it (see <see cref="Watchdog"/>). Linux and macOS only, like
/// <see cref="Support.PostgresServer"/>.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    // Runs the app in the background and waits for it. A second background job waits for end of file on
    // stdin, whose other end only the test process holds: closing it (on dispose, or by the kernel when
    // the test process ends however it ends) sends the app SIGTERM, the signal a container runtime or
    // systemd stops it with. (Its stdin goes to fd 3 before the "&", as a background job's stdin is
    // /dev/null.) The shell exits with the app's exit code.
    private const string Watchdog = """
        exec 3<&0 </dev/null
        "$@" 3<&- &
        app=$!
        { cat <&3 >/dev/null; kill -TERM "$app"; } >/dev/null 2>&1 &
        exec 3<&-
        wait "$app"
        """;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private AppProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A name for failure messages, such as "A".</summary>
    public string Name { get; }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:40123</c>; known once it has started.</summary>
    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully
        ? _listening.Task.Result
        : throw new InvalidOperationException($"Instance {Name} is not listening yet.");

    /// <summary>Every line written so far, standard error's prefixed with "stderr: ".</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>
    /// Lines logged at Error or Fatal (the console template starts <c>[HH:mm:ss ERR]</c>), and anything on
    /// standard error, where the runtime writes what no logger caught.
    /// </summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. _output.Where(l => ErrorLine().IsMatch(l) || l.StartsWith("stderr: ", StringComparison.Ordinal))];

    /// <summary>The output as one text, for failure messages.</summary>
    public string Transcript => $"--- output of instance {Name} ---{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";

    /// <summary>
    /// Starts the app in Production with these settings (configuration keys, e.g. <c>ConnectionStrings:Default</c>)
    /// and returns at once; <see cref="WaitUntilReadyAsync"/> waits for it. It runs in its own folder, or in
    /// <paramref name="workingDirectory"/>.
    /// </summary>
    public static AppProcess Start(string name, IReadOnlyDictionary<string, string> settings, string? workingDirectory = null)
    {
        var dll = WebApiAssembly.Value;
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };

        // Port 0: the app takes a free port itself and says which, so two test processes never clash.
        // "Now listening on" tells the port. Settings go on the command line, where they win over
        // appsettings.json and the environment, and where names like Serilog's level overrides, which
        // hold dots, survive: sh drops environment variables whose names are no shell variable names.
        string[] arguments =
        [
            "-c", Watchdog, "sh", DotnetHost(), dll, "--urls", "http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information",
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test process's own environment may carry settings for some other app (or a developer's shell
        // may); the ones under test are set here, and none that would choose the address.
        foreach (var variable in new[] { "ASPNETCORE_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTPS_PORTS" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(name, process);
        process.OutputDataReceived += (_, e) => app.Receive(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => app.Receive(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails with the app's output if it exits or takes too long.</summary>
    public async Task WaitUntilReadyAsync(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"Instance {Name} exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{Transcript}");
            }

            if (_listening.Task.IsCompletedSuccessfully)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(BaseAddress, "/health/ready"));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not accepting connections yet.
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Instance {Name} was not ready within {StartTimeout.TotalSeconds} s.{Environment.NewLine}{Transcript}");
    }

    /// <summary>Waits for the app to exit by itself (one that refuses to start), and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(StartTimeout);
        return _process.ExitCode;
    }

    /// <summary>Stops the app with SIGTERM and waits for it to exit, killing it if it does not within 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            // End of file for the watchdog, which passes SIGTERM on.
            _process.StandardInput.Close();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
                _output.Enqueue($"stderr: (the test killed instance {Name}: it did not stop within {StopTimeout.TotalSeconds} s of SIGTERM)");
            }
        }
        else
        {
            // The app is gone; this ends the watchdog's waiting job too.
            _process.StandardInput.Close();
        }

        // Waiting without a timeout also drains the output the app wrote last.
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Receive(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(error ? "stderr: " + line : line);
        if (!error && ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    /// <summary>
    /// The dotnet host that runs this test process (the dotnet CLI says which in DOTNET_HOST_PATH), so the
    /// app runs on the runtime the tests run on; else whichever is on the PATH.
    /// </summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    /// <summary>
    /// The WebApi project's own build output in the configuration the tests were built in (what
    /// <c>dotnet build -c Release</c> leaves, as CI runs it), else the copy beside the test assembly.
    /// </summary>
    private static readonly Lazy<string> WebApiAssembly = new(() =>
    {
        const string FileName = "GoogleLogin.WebApi.dll";
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string[] candidates =
        [
            Path.Combine(ApiContract.RepositoryRoot, "src", "WebApi", "bin", configuration, framework, FileName),
            Path.Combine(AppContext.BaseDirectory, FileName),
        ];
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"The built WebApi was not found at {string.Join(" or ", candidates)}. Build the solution first.");
    });

    [GeneratedRegex(@"^\[\d{2}:\d{2}:\d{2} (ERR|FTL)\]")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
