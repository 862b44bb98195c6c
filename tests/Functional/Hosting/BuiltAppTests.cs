using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>The built app (<c>dotnet GoogleLogin.WebApi.dll</c>) as an operator starts it, from wherever they are.</summary>
public sealed class BuiltAppTests
{
    [Fact]
    public async Task The_built_app_started_from_another_folder_reads_its_own_appsettings_json()
    {
        await using var database = await TestDatabase.CreateAsync();
        var elsewhere = Directory.CreateTempSubdirectory("googlelogin-cwd-");
        try
        {
            // The folder it is started from has settings of its own, which would stop start-up if they were read.
            await File.WriteAllTextAsync(Path.Combine(elsewhere.FullName, "appsettings.json"), """{ "Auth": { "Keys": { "FetchTimeout": "00:00:00" } } }""");
            var settings = database.Settings.ToDictionary(s => s.Key, s => s.Value);
            settings["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId;
            await using var app = AppProcess.Start("A", settings, workingDirectory: elsewhere.FullName);
            using var client = new HttpClient();

            await app.WaitUntilReadyAsync(client);

            // Its own appsettings.json quiets ASP.NET Core's per-request lines ("Request starting ...") to Warning.
            app.Output.Should().NotContain(l => l.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal), app.Transcript);
            app.ErrorLines.Should().BeEmpty(app.Transcript);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Its_start_up_line_says_to_open_the_public_origin_when_one_is_set()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings.ToDictionary(s => s.Key, s => s.Value);
        settings["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId;
        settings["Hosting:PublicOrigin"] = "https://login.example.test";
        await using var app = AppProcess.Start("A", settings);
        using var client = new HttpClient();

        await app.WaitUntilReadyAsync(client);

        // Behind a proxy, the address the app listens on is not one a browser can open.
        app.Output.Should().Contain(l => l.Contains("Sign-in mode: ", StringComparison.Ordinal) && l.Contains(". Open https://login.example.test ", StringComparison.Ordinal), app.Transcript);
    }
}
