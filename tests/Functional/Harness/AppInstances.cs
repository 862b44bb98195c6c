using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Several processes of the built app (<see cref="AppProcess"/>) over one PostgreSQL database, in Production,
/// all trusting one local key server for Google's keys, as a load balancer's instances would run.
/// </summary>
public sealed class AppInstances : IAsyncDisposable
{
    private readonly List<AppProcess> _processes;
    private bool _disposed;

    private AppInstances(TestSigningKey key, KeySetServer keyServer, string connectionString, List<AppProcess> processes)
    {
        Key = key;
        KeyServer = keyServer;
        ConnectionString = connectionString;
        _processes = processes;
    }

    /// <summary>
    /// For instances started with it as <c>Hosting:PublicOrigin</c>: the <c>Host</c> every client of <see cref="Answers"/>
    /// sends, whichever instance's port it reaches, as a load balancer passes on the one the browser used.
    /// </summary>
    public const string PublicOrigin = "http://app.test";

    public TestSigningKey Key { get; }

    public KeySetServer KeyServer { get; }

    /// <summary>The database every instance uses.</summary>
    public string ConnectionString { get; }

    /// <summary>The instances, named A, B, C… in order.</summary>
    public IReadOnlyList<AppProcess> Processes => _processes;

    /// <summary>Every answer the instances gave to clients made by <see cref="NewBrowser"/>.</summary>
    public AnswerLog Answers { get; } = new();

    /// <summary>Every instance's Error and Fatal lines (and standard error), each prefixed with the instance's name.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _processes.SelectMany(p => p.ErrorLines.Select(l => $"{p.Name}: {l}"))];

    /// <summary>Every instance's output, for failure messages.</summary>
    public string Transcript => string.Join(Environment.NewLine, _processes.Select(p => p.Transcript));

    /// <summary>
    /// Starts <paramref name="count"/> instances at once on <paramref name="connectionString"/> (a database that
    /// may not exist yet), with <paramref name="extraSettings"/> added to the configuration of each, and returns
    /// when every one of them is ready.
    /// </summary>
    public static async Task<AppInstances> StartAsync(string connectionString, int count, params (string Key, string Value)[] extraSettings)
    {
        var key = new TestSigningKey();
        var keyServer = await KeySetServer.StartAsync(key);
        var commonSettings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = connectionString,
            ["Auth:Google:ClientIds:0"] = GoogleTokens.ClientId,
            ["Auth:Google:CertificatesUrl"] = keyServer.Url,
            // Every client is 127.0.0.1, and some tests sign in many times.
            ["RateLimiting:SignIn:Burst"] = "100000",
            ["RateLimiting:SignIn:PerMinute"] = "60000",
            ["RateLimiting:Nonce:Burst"] = "100000",
            ["RateLimiting:Nonce:PerMinute"] = "60000",
            ["RateLimiting:Callback:Burst"] = "100000",
            ["RateLimiting:Callback:PerMinute"] = "60000",
            // Which instance applied which migration ("Applying migration"), and each save that lost a
            // race (EF Core's failed save, which the app logs at Information), show in the output.
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Migrations"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Update"] = "Information",
        };
        foreach (var (name, value) in extraSettings)
        {
            commonSettings[name] = value;
        }

        var processes = Enumerable.Range(0, count).Select(i => AppProcess.Start(((char)('A' + i)).ToString(), commonSettings)).ToList();
        var instances = new AppInstances(key, keyServer, connectionString, processes);
        if (commonSettings.TryGetValue("Hosting:PublicOrigin", out var publicOrigin))
        {
            instances.Answers.Host = new Uri(publicOrigin).Authority;
        }

        try
        {
            using var probe = new HttpClient(instances.Answers.CreateHandler());
            await Task.WhenAll(processes.Select(p => p.WaitUntilReadyAsync(probe)));
            return instances;
        }
        catch
        {
            await instances.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new browser with an empty cookie jar, which can talk to any of the instances.</summary>
    public LoopbackBrowser NewBrowser() => new(Answers);

    /// <summary>A Google ID token for this account carrying <paramref name="nonce"/>.</summary>
    public string SignGoogleToken(string subject, string nonce, string? email = null) =>
        Key.Sign(GoogleTokens.Payload(subject: subject, email: email ?? $"{subject}@example.com", nonce: nonce));

    /// <summary>
    /// Signs in as a browser does, asking <paramref name="nonceFrom"/> for the nonce and posting the token
    /// to <paramref name="signInOn"/>, as when a load balancer sends the two requests to different instances.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(LoopbackBrowser browser, AppProcess nonceFrom, AppProcess signInOn, string subject)
    {
        var nonce = await browser.On(nonceFrom).GetNonceAsync();
        return await browser.On(signInOn).SignInAsync(SignGoogleToken(subject, nonce), nonce);
    }

    /// <summary>Where the instances' output and answers stand now, to check later only what came after.</summary>
    public Checkpoint Mark() => new([.. _processes.Select(p => p.ErrorLines.Count)], Answers.Count);

    /// <summary>
    /// No instance logged at Error or Fatal level, and none answered with a server error or an answer the
    /// OpenAPI document does not declare: since <paramref name="since"/>, or ever.
    /// </summary>
    public void ShouldHaveNoErrors(Checkpoint? since = null)
    {
        var errorLines = _processes.SelectMany((p, i) => p.ErrorLines.Skip(since?.ErrorLines[i] ?? 0).Select(l => $"{p.Name}: {l}"));
        errorLines.Should().BeEmpty("races the app handles are logged at Information at most{0}{1}", Environment.NewLine, Transcript);
        var answersBefore = since?.Answers ?? 0;
        Answers.ServerErrors(answersBefore).Should().BeEmpty("no request may fail with a server error");
        Answers.Undeclared(answersBefore).Should().BeEmpty("docs/openapi.json must declare every status and content type the app answers");
    }

    /// <summary>How many Error lines each instance had written, and how many answers had been given.</summary>
    public sealed record Checkpoint(IReadOnlyList<int> ErrorLines, int Answers);

    /// <summary>Stops every instance (SIGTERM, as an orchestrator does), and the key server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        await KeyServer.DisposeAsync();
        Key.Dispose();
    }
}

/// <summary>
/// One browser: one cookie jar (<see cref="BrowserCookieHandler"/>) for every instance. Browsers file cookies
/// by host, not port, so a cookie set by <c>127.0.0.1:1111</c> goes to <c>127.0.0.1:2222</c> too, as one set
/// by a site goes to whichever instance behind it a load balancer picks.
/// </summary>
public sealed class LoopbackBrowser : IDisposable
{
    private readonly BrowserCookieHandler _jar;
    private readonly ConcurrentDictionary<Uri, HttpClient> _clients = new();

    internal LoopbackBrowser(AnswerLog answers) => _jar = new BrowserCookieHandler { InnerHandler = answers.CreateHandler() };

    /// <summary>This browser's client for <paramref name="instance"/>: relative addresses go to it, cookies are shared.</summary>
    public HttpClient On(AppProcess instance) =>
        _clients.GetOrAdd(instance.BaseAddress, address => new HttpClient(_jar, disposeHandler: false) { BaseAddress = address });

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _jar.Dispose();
    }
}

/// <summary>
/// The answers real app processes gave, seen from the client side (a process has no
/// <see cref="AnswerRecorder"/> inside): none may be a server error, and each must be one the OpenAPI document declares.
/// </summary>
public sealed class AnswerLog
{
    private static readonly Lazy<IReadOnlyList<(Regex Pattern, string Path)>> DocumentPaths = new(() =>
        [.. ApiContract.Document["paths"]!.AsObject()
            .Select(p => p.Key)
            // Literal paths first: /api/auth/logout is not /api/auth/{provider}.
            .OrderBy(p => p.Contains('{', StringComparison.Ordinal))
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p), @"\\\{[^}]+}", "[^/]+") + "$"), p))]);

    private readonly ConcurrentQueue<(ObservedAnswer Answer, Uri Address)> _answers = new();

    public int Count => _answers.Count;

    /// <summary>When set, the <c>Host</c> of every request that names none of its own.</summary>
    public string? Host { get; set; }

    /// <summary>Answers with a 5xx status after the first <paramref name="skip"/>, described for a failure message.</summary>
    public IReadOnlyList<string> ServerErrors(int skip = 0) =>
        [.. _answers.Skip(skip).Where(a => a.Answer.Status >= 500).Select(a => $"{a.Answer.Method} {a.Address} answered {a.Answer.Status}")];

    /// <summary>Answers of documented endpoints, after the first <paramref name="skip"/>, that the document does not declare.</summary>
    public IReadOnlyList<string> Undeclared(int skip = 0) =>
        ApiContract.Undeclared(_answers.Skip(skip).Select(a => a.Answer).Where(a => a.Path.Length > 0), ApiContract.Document);

    /// <summary>A handler that sends requests (without cookies or redirects of its own) and records their answers.</summary>
    public HttpMessageHandler CreateHandler() =>
        new Recorder(this) { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false } };

    private static string DocumentPath(string requestPath) =>
        DocumentPaths.Value.FirstOrDefault(p => p.Pattern.IsMatch(requestPath)).Path ?? string.Empty;

    private sealed class Recorder(AnswerLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host ??= log.Host;
            var response = await base.SendAsync(request, cancellationToken);
            var address = request.RequestUri!;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var code = mediaType == "application/problem+json"
                ? AnswerRecorder.ProblemCode(await response.Content.ReadAsByteArrayAsync(cancellationToken))
                : AnswerRecorder.RedirectCode(response.Headers.Location?.OriginalString ?? string.Empty);
            log._answers.Enqueue((
                new ObservedAnswer(request.Method.Method, DocumentPath(address.AbsolutePath), (int)response.StatusCode, mediaType, code),
                address));
            return response;
        }
    }
}

/// <summary>What a test reads from the shared database directly.</summary>
internal static class Database
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<string>> StringsAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
