using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Support;

public static class AppDbContextInterceptors
{
    /// <summary>Adds an EF Core interceptor to the app's contexts, on whichever engine the app is configured for.</summary>
    public static IServiceCollection AddAppDbContextInterceptor(this IServiceCollection services, IInterceptor interceptor) =>
        services
            .ConfigureDbContext<SqliteAppDbContext>(options => options.AddInterceptors(interceptor))
            .ConfigureDbContext<PostgresAppDbContext>(options => options.AddInterceptors(interceptor));
}
