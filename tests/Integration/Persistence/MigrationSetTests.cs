using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>
/// One model, one migration set per engine. A model change needs a migration in each set
/// (<c>dotnet ef migrations add Name --context SqliteAppDbContext</c>, then the same with
/// <c>PostgresAppDbContext</c>; see docs/operations.md); a set left behind fails here, before any database would.
/// </summary>
public sealed class MigrationSetTests
{
    [Fact]
    public void The_sqlite_migrations_describe_the_whole_model()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);

        db.Database.HasPendingModelChanges().Should().BeFalse("Sqlite/Migrations must include every model change");
        db.Database.GetMigrations().Should().NotBeEmpty();
    }

    [Fact]
    public void The_postgres_migrations_describe_the_whole_model()
    {
        // Comparing the model with the migrations' snapshot needs no server.
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1").Options);

        db.Database.HasPendingModelChanges().Should().BeFalse("Postgres/Migrations must include every model change");
        db.Database.GetMigrations().Should().NotBeEmpty();
    }
}
