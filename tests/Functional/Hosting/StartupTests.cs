using System.Net;
using System.Text.Json;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

public sealed class StartupTests
{
    [Fact]
    public async Task Production_refuses_to_start_without_any_provider()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Auth:Google:ClientIds:0", null));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*No identity provider is configured*Auth:Google:ClientIds*Auth:Providers:<name>*");
        (await app.Database.ExistsAsync()).Should().BeFalse("configuration is checked before the database is touched");
    }

    /// <summary>A redirect provider of a company's own (never asked for anything here: discovery is read on first use).</summary>
    private static readonly (string Key, string? Value)[] AcmeOnly =
    [
        ("Hosting:PublicOrigin", "http://localhost"),
        ("Auth:Providers:acme:Authority", "http://127.0.0.1:9/acme"),
        ("Auth:Providers:acme:ClientIds:0", "acme-client"),
        ("Auth:Providers:acme:ClientSecret", "acme-secret"),
        ("Auth:Providers:acme:DisplayName", "Acme"),
    ];

    [Fact]
    public async Task Production_starts_with_only_another_provider_and_offers_no_google()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", [("Auth:Google:ClientIds:0", null), .. AcmeOnly]);
        var browser = app.CreateBrowser();

        var config = await (await browser.GetAsync("/api/auth/config")).ReadJsonAsync();

        config.GetProperty("googleClientId").ValueKind.Should().Be(JsonValueKind.Null);
        config.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("acme");
        var nonce = await browser.GetNonceAsync();
        await (await browser.SignInAsync(app.SignGoogleToken(nonce: nonce), nonce)).ShouldBeProblemAsync(404, "unknown_provider");
    }

    [Fact]
    public async Task Production_starts_with_google_and_another_provider_and_offers_both()
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", AcmeOnly);
        var browser = app.CreateBrowser();

        var config = await (await browser.GetAsync("/api/auth/config")).ReadJsonAsync();

        config.GetProperty("googleClientId").GetString().Should().Be(GoogleTokens.ClientId);
        config.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("google", "acme");
        (await app.SignInAsync(browser)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readiness_fails_as_problem_details_when_the_database_is_gone()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        var browser = app.CreateBrowser();
        (await browser.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        await app.Database.RemoveAsync();

        var problem = await (await browser.GetAsync("/health/ready")).ShouldBeProblemAsync(503);
        problem.GetProperty("detail").GetString().Should().Contain("database");
        (await browser.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_fresh_database_is_created_and_migrated_on_start()
    {
        await using var app = await GoogleLoginApp.StartAsync();

        (await app.Database.ExistsAsync()).Should().BeFalse();
        (await app.CreateBrowser().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Database.ExistsAsync()).Should().BeTrue();
        app.Logs.Lines.Should().NotContain(l => l.Contains("cannot be executed in a transaction", StringComparison.Ordinal), "every migration runs in its transaction");
    }

    [Fact]
    public async Task The_app_runs_on_the_engine_this_test_run_asked_for()
    {
        await using var app = await GoogleLoginApp.StartAsync();
        (await app.CreateBrowser().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Should().BeOfType(
            TestDatabase.PostgresRun ? typeof(PostgresAppDbContext) : typeof(SqliteAppDbContext),
            $"{TestDatabase.EngineVariable} chooses the engine of the whole run");
    }

    [Theory]
    [InlineData("MySql", null, "*Database:Provider must be 'Sqlite' (the default) or 'Postgres'*")]
    [InlineData("Postgres", null, "*Database:Provider is Postgres, so ConnectionStrings:Default must be an Npgsql connection string*")]
    [InlineData("Postgres", "Port=5432;Password=hunter2", "*ConnectionStrings:Default is not an Npgsql connection string with a Host*")]
    [InlineData("Postgres", "Host=127.0.0.1;Pasword=hunter2", "*ConnectionStrings:Default is not an Npgsql connection string with a Host*")]
    [InlineData("Sqlite", "Data Source=app.db;Pasword=hunter2", "*ConnectionStrings:Default is not a SQLite connection string naming a file*")]
    [InlineData("Sqlite", "Data Source=:memory:", "*ConnectionStrings:Default is not a SQLite connection string naming a file*in-memory*")]
    [InlineData("Sqlite", "Data Source=shared;Mode=Memory", "*ConnectionStrings:Default is not a SQLite connection string naming a file*in-memory*")]
    [InlineData(null, "Host=db.example;Database=googlelogin", "*set Database:Provider=Postgres*")]
    public async Task A_database_setting_that_cannot_work_stops_start_up_with_a_clear_message(string? provider, string? connectionString, string message)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", ("Database:Provider", provider), ("ConnectionStrings:Default", connectionString));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage(message)
            .Which.Message.Should().NotContain("hunter2", "a connection string may hold a password");
    }

    [Theory]
    [InlineData("Auth:Keys:FetchTimeout", "00:00:00")]
    [InlineData("Auth:Keys:MinCacheDuration", "2.00:00:00")]
    [InlineData("Auth:Keys:MaxStaleness", "-00:00:01")]
    [InlineData("Auth:Keys:UnknownKeyRefreshInterval", "00:00:00")]
    [InlineData("Auth:Keys:FailureRetryMin", "00:00:00")]
    [InlineData("Auth:Keys:FailureRetryMax", "00:00:00.500")]
    [InlineData("Auth:Discovery:FetchTimeout", "00:05:00")]
    [InlineData("Auth:Discovery:FailureRetryMin", "02:00:00")]
    [InlineData("Auth:Discovery:FailureRetryMax", "02:00:00")]
    [InlineData("Auth:Discovery:RenewAfter", "30.00:00:00")]
    [InlineData("Auth:TokenEndpoint:Timeout", "00:00:00")]
    public async Task A_fetch_setting_out_of_range_stops_start_up_naming_it(string key, string value)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", (key, value));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{key} must*");
    }
}
