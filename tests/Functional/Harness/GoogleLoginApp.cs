using GoogleLogin.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The whole app in memory (WebApplicationFactory) over a fresh database of the run's engine (see
/// <see cref="TestDatabase"/>), trusting a local key server for Google's keys. Every log line it writes is captured for inspection.
/// </summary>
public sealed class GoogleLoginApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private bool _disposed;

    public TestSigningKey Key { get; } = new();

    public KeySetServer KeyServer { get; private set; } = null!;

    public string EnvironmentName { get; set; } = "Production";

    public CapturedLogs Logs { get; } = new();

    /// <summary>The same events as Serilog has them, every property included.</summary>
    public CapturedLogEvents LogEvents { get; } = new();

    /// <summary>Every answer of a documented endpoint; checked against the OpenAPI document on dispose.</summary>
    public AnswerRecorder Answers { get; } = new();

    /// <summary>When set, the app's clock: tests move time forward to expire sessions.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Serve the SPA from this folder instead of the built one in src/WebApi/wwwroot.</summary>
    public string? WebRoot { get; set; }

    /// <summary>The app's database, created by the app when it starts.</summary>
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Overrides one configuration key (null leaves it unset); call before the first client is created.</summary>
    public GoogleLoginApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async Task InitializeAsync()
    {
        KeyServer = await KeySetServer.StartAsync(Key);
        Database = await TestDatabase.CreateAsync();
        foreach (var (key, value) in Database.Settings)
        {
            _settings.TryAdd(key, value);
        }

        _settings.TryAdd("Auth:Google:ClientIds:0", GoogleTokens.ClientId);
        _settings.TryAdd("Auth:Google:CertificatesUrl", KeyServer.Url);
        // Every test client shares one address; the rate limit tests set their own limits.
        foreach (var policy in new[] { "SignIn", "Nonce", "Callback" })
        {
            _settings.TryAdd($"RateLimiting:{policy}:Burst", "100000");
            _settings.TryAdd($"RateLimiting:{policy}:PerMinute", "60000");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        if (WebRoot is not null)
        {
            builder.UseWebRoot(WebRoot);
        }

        // Host settings, unlike added configuration sources, are visible while Program registers services.
        foreach (var (key, value) in _settings)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            // Serilog takes sinks registered as services too (ReadFrom.Services).
            services.AddSingleton<Serilog.Core.ILogEventSink>(LogEvents);
            services.AddSingleton<IStartupFilter, ClientAddressFromTestHeader>();
            services.AddSingleton<IStartupFilter>(Answers);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
        });
    }

    /// <summary>
    /// Asserts that every answer since the last check is one docs/openapi.json declares. Tests sharing
    /// an app as a class fixture call it after each test; a started app checks itself on dispose.
    /// </summary>
    public void ShouldHaveAnsweredOnlyAsDocumented() =>
        ApiContract.Undeclared(Answers.TakeAll(), ApiContract.Document)
            .Should().BeEmpty("docs/openapi.json must declare every status and content type the app answers");

    /// <summary>A client that keeps cookies like a browser (see <see cref="BrowserCookieHandler"/>) and never follows redirects.</summary>
    public HttpClient CreateBrowser(bool https = false) =>
        CreateDefaultClient(new Uri(https ? "https://localhost" : "http://localhost"), new BrowserCookieHandler());

    /// <summary>A new browser, signed in as <paramref name="subject"/>.</summary>
    public async Task<HttpClient> SignedInBrowserAsync(string subject)
    {
        var browser = CreateBrowser();
        (await SignInAsync(browser, subject: subject)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        return browser;
    }

    /// <summary>A token for this account. Without an email, each subject gets an address of its own, since tests share one database.</summary>
    public string SignGoogleToken(string subject = "110169484474386276334", string? email = null, string? nonce = null) =>
        Key.Sign(GoogleTokens.Payload(subject: subject, email: email ?? $"{subject}@example.com", nonce: nonce));

    /// <summary>
    /// Signs in as a browser does: asks the app for a nonce, has "Google" sign a token carrying it,
    /// and posts both. <paramref name="customize"/> edits the token's claims before signing.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(
        HttpClient browser,
        string subject = "110169484474386276334",
        string? email = null,
        Action<System.Text.Json.Nodes.JsonObject>? customize = null)
    {
        var nonce = await browser.GetNonceAsync();
        var payload = GoogleTokens.Payload(subject: subject, email: email ?? $"{subject}@example.com", nonce: nonce);
        customize?.Invoke(payload);
        return await browser.SignInAsync(Key.Sign(payload), nonce);
    }

    /// <summary>A started app of its own, for tests that need their own configuration; dispose it with <c>await using</c>.</summary>
    public static async Task<GoogleLoginApp> StartAsync(string environmentName = "Production", params (string Key, string? Value)[] settings)
    {
        var app = new GoogleLoginApp { EnvironmentName = environmentName };
        foreach (var (key, value) in settings)
        {
            app.With(key, value);
        }

        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await base.DisposeAsync();
        var undeclared = ApiContract.Undeclared(Answers.TakeAll(), ApiContract.Document);
        if (KeyServer is not null)
        {
            await KeyServer.DisposeAsync();
        }

        Key.Dispose();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        // Every test that starts the app also checks that the document told the truth about it.
        undeclared.Should().BeEmpty("docs/openapi.json must declare every status and content type the app answers");
    }
}

/// <summary>
/// The in-memory test server has no client address; this lets a test play a client (or a proxy) at
/// an address of its choosing with the header <c>X-Test-Client-Address</c>.
/// </summary>
internal sealed class ClientAddressFromTestHeader : IStartupFilter
{
    public const string HeaderName = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = System.Net.IPAddress.TryParse(context.Request.Headers[HeaderName], out var address)
                ? address
                : System.Net.IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
