using System.Text.Json.Nodes;
using GoogleLogin.Application;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Application.Auth.IssueSignInNonce;
using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>
/// Application and Infrastructure wired as the app wires them, over a real database of the run's
/// engine (a SQLite file, or a PostgreSQL database; see <see cref="TestDatabase"/>) and the real
/// verifier pointed at a local key server. Handlers are built per scope, as
/// each HTTP request would get them.
/// </summary>
internal sealed class AppHost : IAsyncDisposable
{
    private AppHost(TestDatabase database, ServiceProvider services, KeySetServer keyServer, TestSigningKey key)
    {
        Database = database;
        Services = services;
        KeyServer = keyServer;
        Key = key;
    }

    public ServiceProvider Services { get; }

    public KeySetServer KeyServer { get; }

    public TestSigningKey Key { get; }

    public TestDatabase Database { get; }

    /// <summary>The pre-login cookie's value of the one browser these helpers play unless told another.</summary>
    public string Binding { get; } = RandomToken.New();

    /// <summary>Starts on a new database of the run's engine, or of <paramref name="engine"/> for a test about one engine.</summary>
    public static async Task<AppHost> StartAsync(Action<IServiceCollection>? configureServices = null, TestEngine engine = TestEngine.OfThisRun)
    {
        var database = await TestDatabase.CreateAsync(engine);
        var key = new TestSigningKey();
        var keyServer = await KeySetServer.StartAsync(key);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider,
                ["ConnectionStrings:Default"] = database.ConnectionString,
                ["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId,
                ["Auth:Google:CertificatesUrl"] = keyServer.Url,
            })
            .Build();

        var environment = new TestHostEnvironment();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(environment)
            .AddApplication(configuration)
            .AddInfrastructure(configuration, environment)
            .AddScoped<Mediator.IPublisher, AuditingPublisher>();
        configureServices?.Invoke(collection);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await services.InitializeDatabaseAsync();
        return new AppHost(database, services, keyServer, key);
    }

    /// <summary>What a browser does: get a nonce, have Google sign a token carrying it, send both.</summary>
    public async Task<SessionIssued> SignInAsync(JsonObject payload)
    {
        var (idToken, nonce) = await SignWithNewNonceAsync(payload);
        return await SignInAsync(idToken, nonce);
    }

    /// <summary>A token for this payload, carrying a nonce just issued by the application to the browser holding <paramref name="binding"/>.</summary>
    public async Task<(string IdToken, string Nonce)> SignWithNewNonceAsync(JsonObject payload, string? binding = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<IssueSignInNonceHandler>(scope.ServiceProvider);
        var nonce = (await handler.Handle(new IssueSignInNonceCommand(binding ?? Binding), CancellationToken.None)).Value;
        payload["nonce"] = nonce;
        return (Key.Sign(payload), nonce);
    }

    public async Task<SessionIssued> SignInAsync(string idToken, string? nonce, string? binding = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<ValidateTokenAndObtainSessionHandler>(scope.ServiceProvider);
        return await handler.Handle(
            new ValidateTokenAndObtainSessionCommand("google", idToken, nonce, binding ?? Binding, null, "test-agent", "127.0.0.1"),
            CancellationToken.None);
    }

    public async Task<AuthenticatedSession?> AuthenticateAsync(string sessionToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<AuthenticateSessionHandler>(scope.ServiceProvider);
        return await handler.Handle(new AuthenticateSessionQuery(sessionToken), CancellationToken.None);
    }

    public async Task RevokeAsync(Guid userId, Guid sessionId)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<RevokeSessionHandler>(scope.ServiceProvider);
        await handler.Handle(new RevokeSessionCommand(userId, sessionId, CurrentSessionId: Guid.Empty), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await KeyServer.DisposeAsync();
        Key.Dispose();
        await Database.DisposeAsync();
    }

    private sealed class TestHostEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "GoogleLogin.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
