using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// The database one test app runs on. A test run uses one engine for all of them: SQLite files by
/// default, or databases on the test PostgreSQL server when <c>TEST_DATABASE=Postgres</c> (scripts/test.sh
/// runs the integration and functional suites once each way). Nothing exists until the app starts:
/// like a new deployment, the app creates the file or the database and migrates it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string EngineVariable = "TEST_DATABASE";

    private readonly string? _directory;
    private readonly PostgresServer? _postgres;

    private TestDatabase(string? directory, PostgresServer? postgres, string connectionString)
    {
        _directory = directory;
        _postgres = postgres;
        ConnectionString = connectionString;
    }

    /// <summary>Whether this run's engine is PostgreSQL. Any other value than the two engines' names fails the run, never falls back.</summary>
    public static bool PostgresRun { get; } = Environment.GetEnvironmentVariable(EngineVariable) switch
    {
        null or "" or "Sqlite" => false,
        "Postgres" => true,
        var other => throw new InvalidOperationException($"{EngineVariable} is '{other}'; use Sqlite (the default) or Postgres."),
    };

    public bool IsPostgres => _postgres is not null;

    /// <summary>The value of <c>Database:Provider</c>.</summary>
    public string Provider => IsPostgres ? "Postgres" : "Sqlite";

    /// <summary>The value of <c>ConnectionStrings:Default</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The SQLite file, for tests that read it.</summary>
    public string SqliteFile => _postgres is null
        ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : throw new InvalidOperationException("This test database is on PostgreSQL.");

    /// <summary>The two settings that point an app at this database.</summary>
    public IEnumerable<(string Key, string Value)> Settings =>
        [("Database:Provider", Provider), ("ConnectionStrings:Default", ConnectionString)];

    /// <summary>
    /// A database of this run's engine, or of <paramref name="engine"/> for a test about one engine: a file
    /// in a temp folder of its own, or a database name of its own.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(TestEngine engine = TestEngine.OfThisRun)
    {
        if (engine == TestEngine.Sqlite || (engine == TestEngine.OfThisRun && !PostgresRun))
        {
            var directory = Directory.CreateTempSubdirectory("googlelogin-db-").FullName;
            return new TestDatabase(directory, null, $"Data Source={Path.Combine(directory, "app.db")}");
        }

        var server = await PostgresServer.GetAsync();
        return new TestDatabase(null, server, server.ConnectionStringFor($"gl_test_{Guid.NewGuid():N}"));
    }

    /// <summary>Whether the file or the database has been created.</summary>
    public async Task<bool> ExistsAsync()
    {
        if (_postgres is null)
        {
            return File.Exists(SqliteFile);
        }

        await using var connection = new NpgsqlConnection(_postgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = new NpgsqlConnectionStringBuilder(ConnectionString).Database } },
        };
        return await command.ExecuteScalarAsync() is not null;
    }

    /// <summary>Takes the database away under a running app, as a lost disk or a dropped database would.</summary>
    public async Task RemoveAsync()
    {
        if (_postgres is null)
        {
            // The folder too: with only the file gone, SQLite would create an empty one at the next open.
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory!, recursive: true);
            return;
        }

        await _postgres.DropDatabaseAsync(ConnectionString);
    }

    /// <summary>Runs one SQL statement on the database, outside the app.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using System.Data.Common.DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DropDatabaseAsync(ConnectionString);
        }
        else if (Directory.Exists(_directory))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>Which engine a test database uses.</summary>
public enum TestEngine
{
    /// <summary>SQLite, or PostgreSQL when <c>TEST_DATABASE=Postgres</c>.</summary>
    OfThisRun,
    Sqlite,
    Postgres,
}
