using System.Net;
using System.Net.Sockets;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// What an operator sees when the built app cannot start for a reason they fix themselves: one readable line on
/// standard error and exit code 1, no stack trace.
/// </summary>
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
    public async Task A_value_of_the_wrong_kind_is_one_line_naming_its_key_and_exit_code_1()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(database);
        settings["Auth:Sessions:IdleTimeout"] = "a day";

        var lines = await FailedStartAsync(settings);

        lines.Should().ContainSingle().Which.Should().StartWith("Invalid setting: ").And.Contain("Auth:Sessions:IdleTimeout");
    }

    private static Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = database.Settings.ToDictionary(s => s.Key, s => s.Value);
        settings["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId;
        return settings;
    }

    /// <summary>Starts the app, which must refuse to start; returns what it wrote, after checking it is all on standard error and has no stack trace.</summary>
    private static async Task<IReadOnlyList<string>> FailedStartAsync(Dictionary<string, string> settings)
    {
        await using var app = AppProcess.Start("A", settings);

        var exitCode = await app.WaitForExitAsync();

        exitCode.Should().Be(1, app.Transcript);
        app.Output.Should().NotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal), app.Transcript);
        // Nothing logged at Error: the failure is said once, on standard error.
        app.ErrorLines.Should().OnlyContain(l => l.StartsWith("stderr: ", StringComparison.Ordinal), app.Transcript);
        return [.. app.Output.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)).Select(l => l["stderr: ".Length..])];
    }
}
