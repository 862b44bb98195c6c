using System.Net;
using System.Net.Sockets;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// What an operator sees when the built app cannot start for a reason they fix themselves: one readable line on
/// standard error and exit code 1, no stack trace.
/// </summary>
// About the process, not the engine: once, in the SQLite pass, is enough (each test starts an app process).
[Trait("Engine", "Sqlite")]
public sealed class StartupFailureTests
{
    [Fact]
    public async Task An_address_another_program_listens_on_is_one_line_and_exit_code_1()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";
        var settings = Settings(database);
        settings["urls"] = address;

        var lines = await FailedStartAsync(settings);

        lines.Should().ContainSingle().Which.Should().Contain(address).And.Contain("address already in use").And.Contain("--urls");
    }

    [Fact]
    public async Task A_missing_setting_is_one_line_and_exit_code_1()
    {
        await using var database = await TestDatabase.CreateAsync();

        // No Google client ID and no provider: Production has nobody to sign in with.
        var lines = await FailedStartAsync(database.Settings.ToDictionary(s => s.Key, s => s.Value));

        lines.Should().ContainSingle().Which.Should().StartWith("Invalid setting: No identity provider is configured");
    }

    [Fact]
    public async Task Each_invalid_setting_is_a_line_of_its_own_and_exit_code_1()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(database);
        settings["Auth:Sessions:IdleTimeout"] = "-00:00:01";

        var lines = await FailedStartAsync(settings);

        lines.Should().HaveCountGreaterThan(1).And.OnlyContain(l => l.StartsWith("Invalid setting: ", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("IdleTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_is_one_line_naming_its_key_but_not_its_value_and_exit_code_1()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(database);
        // A secret typed into the wrong key stays out of the output (and so out of journald).
        settings["Auth:Sessions:IdleTimeout"] = "Hunter2-secret";

        var lines = await FailedStartAsync(settings);

        lines.Should().ContainSingle().Which.Should().StartWith("Invalid setting: Auth:Sessions:IdleTimeout is not a valid System.TimeSpan");
        lines.Should().NotContain(l => l.Contains("Hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_that_is_no_url_is_one_line_and_exit_code_1()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(database);
        settings["urls"] = "localhost-5080";

        var lines = await FailedStartAsync(settings);

        lines.Should().ContainSingle().Which.Should().StartWith("Invalid setting: ").And.Contain("--urls");
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_one_line_and_exit_code_75_to_try_again_later()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = $"Host=127.0.0.1;Port={port};Database=gl;Username=gl;Password=Hunter2-secret;Timeout=5",
            ["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId,
        };

        var lines = await FailedStartAsync(settings, expectedExitCode: 75);

        lines.Should().ContainSingle().Which.Should().StartWith("Cannot start: the database in ConnectionStrings:Default cannot be reached");
        lines.Should().NotContain(l => l.Contains("Hunter2", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = database.Settings.ToDictionary(s => s.Key, s => s.Value);
        settings["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId;
        return settings;
    }

    /// <summary>Starts the app, which must refuse to start; returns what it wrote, after checking it is all on standard error and has no stack trace.</summary>
    private static async Task<IReadOnlyList<string>> FailedStartAsync(Dictionary<string, string> settings, int expectedExitCode = 1)
    {
        await using var app = AppProcess.Start("A", settings);

        var exitCode = await app.WaitForExitAsync();

        exitCode.Should().Be(expectedExitCode, app.Transcript);
        app.Output.Should().NotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal), app.Transcript);
        // Nothing logged at Error: the failure is said once, on standard error.
        app.ErrorLines.Should().OnlyContain(l => l.StartsWith("stderr: ", StringComparison.Ordinal), app.Transcript);
        return [.. app.Output.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)).Select(l => l["stderr: ".Length..])];
    }
}
