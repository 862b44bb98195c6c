using GoogleLogin.Application;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace GoogleLogin.Benchmarks;

/// <summary>
/// Application and Infrastructure wired as the app wires them (as tests/Integration's AppHost does),
/// over a SQLite file in a temp folder and the real Google verifier pointed at a key server on loopback.
/// Each benchmark builds its handlers per scope, as each HTTP request would get them.
/// </summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    private readonly string _directory;

    private BenchmarkApp(string directory, ServiceProvider services, KeySetServer keyServer, TestSigningKey key)
    {
        _directory = directory;
        Services = services;
        KeyServer = keyServer;
        Key = key;
    }

    public ServiceProvider Services { get; }

    public KeySetServer KeyServer { get; }

    /// <summary>The key "Google" signs with, published by <see cref="KeyServer"/>.</summary>
    public TestSigningKey Key { get; }

    /// <summary>The verifier the sign-in handler uses for Google tokens: the app's singleton, with its key cache.</summary>
    public IIdentityTokenVerifier GoogleVerifier =>
        Services.GetServices<IIdentityTokenVerifier>().Single(verifier => verifier.Provider == "google");

    /// <summary>
    /// Starts on a new SQLite file. Nonces are not required, so one pre-minted token can sign in again
    /// and again (a nonce is used up by its sign-in); <paramref name="settings"/> adds or overrides settings,
    /// and <paramref name="timeProvider"/>, when given, replaces the system clock.
    /// </summary>
    public static async Task<BenchmarkApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null)
    {
        var directory = Directory.CreateTempSubdirectory("googlelogin-bench-").FullName;
        var key = new TestSigningKey();
        var keyServer = await KeySetServer.StartAsync(key);
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(directory, "app.db")}",
            ["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId,
            ["Auth:Google:CertificatesUrl"] = keyServer.Url,
            ["Auth:Google:RequireNonce"] = "false",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var environment = new BenchmarkHostEnvironment();

        // Logging without providers: the benchmarks measure the code, not a console sink.
        var collection = new ServiceCollection();
        if (timeProvider is not null)
        {
            // Infrastructure adds the system clock only when no TimeProvider is registered yet.
            collection.AddSingleton(timeProvider);
        }

        var services = collection
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(environment)
            .AddApplication(configuration)
            .AddInfrastructure(configuration, environment)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await services.InitializeDatabaseAsync();
        return new BenchmarkApp(directory, services, keyServer, key);
    }

    /// <summary>Signs in as a browser without a nonce would, through the real handler in a scope of its own.</summary>
    public async Task<SessionIssued> SignInAsync(string idToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<ValidateTokenAndObtainSessionHandler>(scope.ServiceProvider);
        return await handler.Handle(
            new ValidateTokenAndObtainSessionCommand("google", idToken, null, null, null, "benchmark-agent", "127.0.0.1"),
            CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await KeyServer.DisposeAsync();
        Key.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class BenchmarkHostEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "GoogleLogin.Benchmarks";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
