using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GoogleLogin.Infrastructure.Persistence.Postgres;

/// <summary>The model on PostgreSQL, with the migrations in <c>Postgres/Migrations</c>.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are timestamptz, which holds an instant. Npgsql refuses a DateTimeOffset whose offset is
        // not zero rather than guess; every time is turned to UTC on its way in, so none is refused.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        time => time.ToUniversalTime(),
        time => time);
}
