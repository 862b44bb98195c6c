using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using GoogleLogin.Tests.Support;

// The helper of scripts/bench-http.sh, in two commands:
//
//   serve-keys --dir D [--subjects N]
//       Publishes a fresh signing key the way Google does (a KeySetServer on loopback) and writes into D:
//         keys-url     the key set's URL, for Auth:Google:CertificatesUrl (written last: its presence means ready)
//         token.txt    one ID token of the subject "bench-sign-in", for the sign-in path under wrk
//         tokens.txt   N ID tokens of N distinct subjects, one a line (default 10000)
//       then serves the keys until SIGTERM or SIGINT. The tokens carry no nonce: the app runs with
//       Auth:Google:RequireNonce=false, so one token signs in again and again.
//
//   sessions --app URL --tokens F --out F2 [--parallel P]
//       Signs in with every token of F (POST /api/auth/google) and writes each session cookie's value,
//       one a line and in the same order, to F2.
return args switch
{
    ["serve-keys", .. var rest] => await ServeKeysAsync(Options.Parse(rest)),
    ["sessions", .. var rest] => await SignInAllAsync(Options.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GoogleLogin.LoadDriver serve-keys --dir D [--subjects N]");
    Console.Error.WriteLine("       GoogleLogin.LoadDriver sessions --app URL --tokens F --out F2 [--parallel P]");
    return 2;
}

static async Task<int> ServeKeysAsync(Options options)
{
    var dir = options.Required("dir");
    var subjects = options.Int("subjects", 10_000);

    using var key = new TestSigningKey();
    await using var server = await KeySetServer.StartAsync(key);

    // Long enough for any run; the app allows no more than its clock tolerance past "exp".
    var lifetime = TimeSpan.FromHours(6);
    await File.WriteAllTextAsync(
        Path.Combine(dir, "token.txt"),
        key.Sign(GoogleTokens.Payload(subject: "bench-sign-in", email: "bench-sign-in@example.com", lifetime: lifetime)) + "\n");
    // Distinct emails too: a second subject with the same verified email would be refused (409).
    var tokens = new string[subjects];
    Parallel.For(0, subjects, i =>
        tokens[i] = key.Sign(GoogleTokens.Payload(subject: $"bench-{i:D6}", email: $"bench-{i:D6}@example.com", lifetime: lifetime)));
    await File.WriteAllLinesAsync(Path.Combine(dir, "tokens.txt"), tokens);

    var stopped = new TaskCompletionSource();
    using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

    // Written last, through a rename, so that whoever waits for it finds everything else in place.
    var urlFile = Path.Combine(dir, "keys-url");
    await File.WriteAllTextAsync(urlFile + ".tmp", server.Url + "\n");
    File.Move(urlFile + ".tmp", urlFile, overwrite: true);
    Console.Error.WriteLine($"load driver: keys at {server.Url}; {subjects} tokens in {dir}");

    await stopped.Task;
    return 0;

    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stopped.TrySetResult();
    }
}

static async Task<int> SignInAllAsync(Options options)
{
    var app = new Uri(options.Required("app"));
    var tokens = await File.ReadAllLinesAsync(options.Required("tokens"));
    var output = options.Required("out");
    var parallel = options.Int("parallel", 8);

    // No cookie container: each sign-in is a new browser, and the cookie is read off the answer.
    using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = parallel })
    {
        BaseAddress = app,
        Timeout = TimeSpan.FromSeconds(60),
    };
    var sessions = new string[tokens.Length];
    var failures = new ConcurrentQueue<string>();
    await Parallel.ForAsync(0, tokens.Length, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, cancellationToken) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = JsonContent.Create(new { idToken = tokens[i] }),
        };
        request.Headers.Add("X-CSRF", "1");
        using var response = await client.SendAsync(request, cancellationToken);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';', 2)[0]).FirstOrDefault(c => c.StartsWith("__Host-gl-session=", StringComparison.Ordinal))
            : null;
        if (response.StatusCode != HttpStatusCode.OK || cookie is null)
        {
            failures.Enqueue($"token {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return;
        }

        sessions[i] = cookie["__Host-gl-session=".Length..];
    });

    if (!failures.IsEmpty)
    {
        Console.Error.WriteLine($"load driver: {failures.Count} of {tokens.Length} sign-ins failed; the first: {failures.First()}");
        return 1;
    }

    await File.WriteAllLinesAsync(output, sessions);
    return 0;
}

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            options._values[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
