using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Identity.Google;
using GoogleLogin.Infrastructure.Identity.Keys;
using GoogleLogin.Infrastructure.Maintenance;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure;

public static class DependencyInjection
{
    public const string DefaultConnectionString = "Data Source=googlelogin.db";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddPersistence();
        services.AddSweep(configuration);
        services.AddIdentityProviders(configuration, environment);
        return services;
    }

    private static void AddPersistence(this IServiceCollection services)
    {
        services.AddSingleton<SqliteConnectionInterceptor>();
        // The connection string is read from the final configuration, not the one seen while registering.
        services.AddDbContext<AppDbContext>((provider, options) => options
            .UseSqlite(provider.GetRequiredService<IConfiguration>().GetConnectionString("Default") ?? DefaultConnectionString)
            .AddInterceptors(provider.GetRequiredService<SqliteConnectionInterceptor>()));

        services.AddScoped<IUserRepository, UserRepository>();
        services.AddScoped<ISessionRepository, SessionRepository>();
        services.AddScoped<ISignInNonceRepository, SignInNonceRepository>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();

        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [HealthCheckTags.Ready]);
    }

    private static void AddSweep(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SweepOptions>()
            .Bind(configuration.GetSection(SweepOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<SignInStateSweeper>();
    }

    private static void AddIdentityProviders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<JsonWebKeySetOptions>().Bind(configuration.GetSection(JsonWebKeySetOptions.SectionName));
        var keySetClient = services.AddHttpClient(JsonWebKeySetCache.HttpClientName, client =>
        {
            client.MaxResponseContentBufferSize = 256 * 1024;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("GoogleLogin-KeySetFetcher/1.0");
        });
        services.AddSingleton<JsonWebKeySetCache>();

        // One verifier per identity provider. Another OpenID Connect provider is another adapter here.
        services.AddOptions<GoogleAuthOptions>()
            .Bind(configuration.GetSection(GoogleAuthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GoogleAuthOptions>, GoogleAuthOptionsValidator>();
        services.AddSingleton<IIdentityTokenVerifier, GoogleIdTokenVerifier>();

        var developmentSignIn = DevelopmentSignIn.Resolve(configuration, environment);
        services.AddSingleton(developmentSignIn);
        services.AddSingleton<ISignInProviderSettings, SignInProviderSettings>();
        if (developmentSignIn.IsActive)
        {
            // The local identity provider replaces Google's key set and client ID, nothing else:
            // its tokens go through the same verifier and the same checks.
            services.AddSingleton<DevelopmentIdentityProvider>();
            services.AddTransient<DevelopmentKeySetHandler>();
            keySetClient.AddHttpMessageHandler<DevelopmentKeySetHandler>();
            services.PostConfigure<GoogleAuthOptions>(options =>
            {
                options.ClientIds = [DevelopmentSignIn.ClientId];
                options.CertificatesUrl = DevelopmentSignIn.CertificatesUrl;
            });
        }
    }
}
