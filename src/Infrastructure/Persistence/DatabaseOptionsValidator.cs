using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GoogleLogin.Infrastructure.Persistence;

/// <summary>
/// Stops start-up, before the database is touched, when the engine is unknown or its connection string
/// is missing or unreadable. The messages never repeat the connection string: it may hold a password.
/// </summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string ConnectionStringKey = $"ConnectionStrings:{DatabaseOptions.ConnectionStringName}";

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (options.IsSqlite)
        {
            return IsSqliteFile(options.EffectiveConnectionString)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{ConnectionStringKey} is not a SQLite connection string naming a file (for example 'Data Source=googlelogin.db'; " +
                    $"an in-memory database would lose everything between connections). For PostgreSQL, set {DatabaseOptions.SectionName}:Provider=Postgres.");
        }

        if (!options.IsPostgres)
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:Provider must be '{DatabaseOptions.Sqlite}' (the default) or '{DatabaseOptions.Postgres}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:Provider is {DatabaseOptions.Postgres}, so {ConnectionStringKey} must be an Npgsql connection string " +
                "(for example 'Host=127.0.0.1;Port=5432;Database=googlelogin;Username=googlelogin;Password=...'; the environment variable ConnectionStrings__Default).");
        }

        return IsNpgsqlConnectionStringWithHost(options.ConnectionString)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ConnectionStringKey} is not an Npgsql connection string with a Host (keywords such as Host, Port, Database, Username, Password).");
    }

    private static bool IsSqliteFile(string value)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(value);
            return !string.IsNullOrWhiteSpace(builder.DataSource) &&
                builder.DataSource.Trim() != ":memory:" &&
                builder.Mode != SqliteOpenMode.Memory;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static bool IsNpgsqlConnectionStringWithHost(string value)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(value).Host);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            return false;
        }
    }
}
