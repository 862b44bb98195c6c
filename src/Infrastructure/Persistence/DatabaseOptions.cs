namespace GoogleLogin.Infrastructure.Persistence;

/// <summary>Which database engine holds the app's state, and where.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Default";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string DefaultSqliteConnectionString = "Data Source=googlelogin.db";

    /// <summary><c>Sqlite</c> (embedded, the default) or <c>Postgres</c> (shared by several instances).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary><c>ConnectionStrings:Default</c>: the SQLite file, or the Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string to use: for SQLite, a blank one means the default file.</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString)
        ? (IsSqlite ? DefaultSqliteConnectionString : string.Empty)
        : ConnectionString;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);
}
