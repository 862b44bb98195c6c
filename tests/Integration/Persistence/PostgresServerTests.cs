using GoogleLogin.Tests.Support;
using Npgsql;

namespace GoogleLogin.Tests.Integration.Persistence;

[Trait("Engine", "Postgres")]
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Databases_created_in_parallel_are_distinct_and_usable()
    {
        var server = await PostgresServer.GetAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => server.CreateDatabaseAsync(nameof(PostgresServerTests))));
        try
        {
            created.Should().OnlyHaveUniqueItems();
            await ExecuteAsync(created[0], "CREATE TABLE marker (id int PRIMARY KEY); INSERT INTO marker VALUES (1)");

            (await QueryAsync(created[0], "SELECT count(*) FROM marker")).Should().Be(1L);
            (await QueryAsync(created[1], "SELECT to_regclass('marker') IS NULL")).Should().Be(true);
            var name = (string?)await QueryAsync(created[1], "SELECT current_database()");
            name.Should().Be(new NpgsqlConnectionStringBuilder(created[1]).Database).And.StartWith("gl_postgresservertests_");
        }
        finally
        {
            await Task.WhenAll(created.Select(c => server.DropDatabaseAsync(c)));
        }
    }

    [Fact]
    public async Task Drop_removes_a_database_even_while_a_connection_to_it_is_open()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("drop");
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync();

        await server.DropDatabaseAsync(connectionString);

        (await QueryAsync(server.AdminConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'")).Should().Be(0L);
        var reconnect = () => QueryAsync(connectionString, "SELECT 1");
        (await reconnect.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InvalidCatalogName);
    }

    [Fact]
    public async Task A_connection_string_can_name_a_database_the_test_creates_itself()
    {
        var server = await PostgresServer.GetAsync();
        var name = $"gl_own_{Guid.NewGuid():N}"[..20];
        var connectionString = server.ConnectionStringFor(name);

        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {name}");
        try
        {
            (await QueryAsync(connectionString, "SELECT current_database()")).Should().Be(name);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
