using System.ComponentModel;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the tests: one cluster per test process, started on first use
/// from the installed binaries and removed when the process exits; or, when TEST_POSTGRES_CONNECTION
/// holds a superuser connection string, that server, with nothing started. Each test class asks it
/// for a database of its own, so classes can run in parallel without seeing each other's rows.
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionVariable = "TEST_POSTGRES_CONNECTION";

    private const string OsUser = "postgres";

    // Settings for a server whose data may be lost at any moment: durability only costs time here.
    // max_connections is high because every test database gets its own pool, many test classes run
    // at once, and some tests start several app processes against one database.
    private static readonly string[] ServerSettings =
    [
        "listen_addresses = '127.0.0.1'",
        "max_connections = 300",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
    ];

    // Pools per database stay small and let go of idle connections soon, so the many pools of a
    // parallel test run fit within max_connections. Error details stay redacted, as in production, so
    // the tests see the log lines an operator would.
    private static readonly string TestDefaults = new NpgsqlConnectionStringBuilder
    {
        Username = OsUser,
        Database = "postgres",
        MaxPoolSize = 20,
        ConnectionIdleLifetime = 10,
        ConnectionPruningInterval = 5,
        ApplicationName = "GoogleLogin.Tests",
    }.ConnectionString;

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(StartAsync));

    private readonly NpgsqlDataSource _admin;

    // Held, never released, so the cluster's watchdog pipe stays open until the process ends.
    private readonly LocalCluster? _cluster;

    private PostgresServer(string adminConnectionString, LocalCluster? cluster = null)
    {
        AdminConnectionString = adminConnectionString;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
        _cluster = cluster;
    }

    /// <summary>A superuser connection to the server's maintenance database, <c>postgres</c>.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The process's server, started by the first caller; later callers wait for the same start.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A superuser connection string for <paramref name="database"/>, which need not exist yet.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database with a fresh name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var name = NewDatabaseName(prefix);
        await using var command = _admin.CreateCommand($"CREATE DATABASE {QuoteIdentifier(name)}");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Drops the database <paramref name="connectionString"/> points at, even while connections to it are open.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(database))
        {
            throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        }

        // FORCE ends other sessions on the database, and our own pool would hand out those dead
        // connections later; emptying it first also keeps its idle connections from blocking the drop.
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            // The given string wins; the test defaults fill in only what it leaves out.
            var builder = new NpgsqlConnectionStringBuilder(TestDefaults);
            foreach (var (key, value) in new DbConnectionStringBuilder { ConnectionString = external }.Cast<KeyValuePair<string, object>>())
            {
                builder[key] = value;
            }

            return new PostgresServer(builder.ConnectionString);
        }

        var cluster = await LocalCluster.StartAsync();
        var admin = new NpgsqlConnectionStringBuilder(TestDefaults) { Host = "127.0.0.1", Port = cluster.Port };
        return new PostgresServer(admin.ConnectionString, cluster);
    }

    private static string NewDatabaseName(string? prefix)
    {
        // Unquoted PostgreSQL names are lower case and at most 63 bytes; keeping to that makes the
        // names easy to type into psql while debugging.
        var name = new StringBuilder("gl_");
        foreach (var c in (prefix ?? string.Empty).Take(40))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        if (name.Length > 3)
        {
            name.Append('_');
        }

        return name.Append(RandomNumberGenerator.GetHexString(8, lowercase: true)).ToString();
    }

    private static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>The cluster this process started: a temp folder holding the data, log and socket.</summary>
    private sealed class LocalCluster
    {
        private const int StartAttempts = 5;

        // Runs in the background, apart from the test process, and waits for end of file on the pipe
        // the test process holds the other end of. The kernel closes that end however the process
        // ends, including being killed: vstest kills the test host shortly after the run ends, too
        // soon for a ProcessExit handler to stop a server and delete a folder. Then the watchdog
        // stops the server ("$@" is pg_ctl, run as the right user) and deletes the folder. (The pipe
        // goes to fd 3 before the "&", as a background job's stdin is /dev/null.)
        private const string WatchdogScript = """
            folder=$1; shift
            exec 3<&0 </dev/null >/dev/null 2>&1
            { cat <&3 >/dev/null; "$@" -D "$folder/data" -m immediate -w stop; rm -rf "$folder"; } &
            """;

        private readonly string _binDirectory;
        private readonly string _folder;
        private readonly bool _asPostgres;
        private Process? _watchdog;

        private LocalCluster(string binDirectory, string folder, bool asPostgres)
        {
            _binDirectory = binDirectory;
            _folder = folder;
            _asPostgres = asPostgres;
        }

        public int Port { get; private set; }

        private string DataDirectory => Path.Combine(_folder, "data");

        private string LogFile => Path.Combine(_folder, "postgres.log");

        public static async Task<LocalCluster> StartAsync()
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException(
                    $"The test PostgreSQL server starts only on Linux and macOS; set {ConnectionVariable} to a superuser connection string instead.");
            }

            var binDirectory = await FindBinDirectoryAsync() ?? throw new InvalidOperationException(
                "The PostgreSQL tests need PostgreSQL's server binaries (initdb, pg_ctl), found through pg_config --bindir or " +
                $"under /usr/lib/postgresql: install Debian's postgresql package, or set {ConnectionVariable} to a superuser " +
                "connection string for a server to use instead.");

            // initdb and pg_ctl refuse to run as root, so a root test process runs them as the
            // postgres OS user, in a folder that user owns.
            var cluster = new LocalCluster(
                binDirectory,
                Directory.CreateTempSubdirectory("googlelogin-pg-").FullName,
                asPostgres: Environment.IsPrivilegedProcess);
            try
            {
                if (cluster._asPostgres)
                {
                    (await RunAsync("chown", [OsUser, cluster._folder], asPostgres: false)).ThrowIfFailed("chown");
                }

                cluster.StartWatchdog();
                await cluster.InitDbAsync();
                await cluster.StartServerAsync();
                return cluster;
            }
            catch
            {
                // End of file now: the watchdog cleans up at once.
                cluster._watchdog?.StandardInput.Close();
                throw;
            }
        }

        private void StartWatchdog()
        {
            var start = new ProcessStartInfo("sh") { RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = "/" };
            string[] pgCtl = _asPostgres ? ["runuser", "-u", OsUser, "--", PgCtl] : [PgCtl];
            foreach (var argument in (string[])["-c", WatchdogScript, "sh", _folder, .. pgCtl])
            {
                start.ArgumentList.Add(argument);
            }

            // Started and never written to or disposed: only the process's end closes our end of its stdin.
            _watchdog = Process.Start(start)!;
        }

        private string PgCtl => Path.Combine(_binDirectory, "pg_ctl");

        private async Task InitDbAsync()
        {
            // C.UTF-8 sorts by code point the same on every machine; where the OS lacks that locale,
            // --no-locale (plain C) with UTF-8 encoding is next best. --no-sync skips flushing the new
            // cluster to disk, which would be most of initdb's time.
            string[] common = ["-D", DataDirectory, "-U", OsUser, "--auth=trust", "-E", "UTF8", "--no-sync"];
            var result = await RunToolAsync("initdb", [.. common, "--locale=C.UTF-8"]);
            if (result.ExitCode != 0)
            {
                (await RunToolAsync("initdb", [.. common, "--no-locale"])).ThrowIfFailed("initdb");
            }

            // Appending keeps the file's owner (postgres) even when root writes it.
            await File.AppendAllLinesAsync(
                Path.Combine(DataDirectory, "postgresql.conf"),
                [.. ServerSettings, $"unix_socket_directories = '{_folder.Replace("'", "''", StringComparison.Ordinal)}'"]);
        }

        private async Task StartServerAsync()
        {
            // The free port is only free until someone else takes it (another test process, say),
            // so a clash is retried with a new one.
            for (var attempt = 1; ; attempt++)
            {
                Port = FreePort();
                File.Delete(LogFile);
                var result = await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "30", "start"]);
                if (result.ExitCode == 0)
                {
                    return;
                }

                var log = LogTail();
                if (attempt < StartAttempts && log.Contains("could not bind", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"PostgreSQL did not start from {DataDirectory} on port {Port}.{Environment.NewLine}{result}" +
                    $"{Environment.NewLine}Log ({LogFile}):{Environment.NewLine}{log}");
            }
        }

        private string LogTail()
        {
            try
            {
                return string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(30));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"(unreadable: {e.Message})";
            }
        }

        private Task<ProcessResult> RunToolAsync(string tool, string[] arguments) =>
            RunAsync(Path.Combine(_binDirectory, tool), arguments, _asPostgres, _folder);

        private static async Task<string?> FindBinDirectoryAsync()
        {
            var candidates = new List<string>();
            try
            {
                var pgConfig = await RunAsync("pg_config", ["--bindir"], asPostgres: false);
                if (pgConfig.ExitCode == 0)
                {
                    candidates.Add(pgConfig.StandardOutput.Trim());
                }
            }
            catch (Win32Exception)
            {
                // No pg_config on the PATH.
            }

            // Debian's pg_config comes with libpq-dev, which may be missing or a different version
            // from the server, so also look where Debian's server packages put their binaries, newest first.
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.EnumerateDirectories("/usr/lib/postgresql")
                    .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : 0))
                    .OrderByDescending(d => d.Version)
                    .Select(d => Path.Combine(d.Directory, "bin")));
            }

            return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        // Awaited all the way: waiting on a pool thread for the output readers, which need pool
        // threads themselves, starved the pool of a loaded two-core machine for about a second.
        private static async Task<ProcessResult> RunAsync(string fileName, string[] arguments, bool asPostgres, string? workingDirectory = null)
        {
            var start = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                // The postgres user may not be able to enter the test's own working directory.
                WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            };
            string[] prefix = asPostgres ? ["-u", OsUser, "--", fileName] : [];
            foreach (var argument in (string[])[.. prefix, .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within 60 s.");
            }

            return new ProcessResult(process.ExitCode, await output, await error);
        }
    }

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
    {
        public void ThrowIfFailed(string what)
        {
            if (ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} failed.{Environment.NewLine}{this}");
            }
        }

        public override string ToString() =>
            $"Exit code {ExitCode}.{Environment.NewLine}{StandardOutput.TrimEnd()}{Environment.NewLine}{StandardError.TrimEnd()}".TrimEnd();
    }
}
