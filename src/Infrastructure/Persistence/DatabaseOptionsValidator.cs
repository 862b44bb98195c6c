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
            return IsSqliteConnectionString(options.ConnectionString ?? DatabaseOptions.DefaultSqliteConnectionString)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{ConnectionStringKey} is not a SQLite connection string (for example 'Data Source=googlelogin.db').");
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

    private static bool IsSqliteConnectionString(string value)
    {
        try
        {
            _ = new SqliteConnectionStringBuilder(value);
            return true;
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
