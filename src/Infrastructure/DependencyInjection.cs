using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Identity.Google;
using GoogleLogin.Infrastructure.Identity.Keys;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;
using GoogleLogin.Infrastructure.Maintenance;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Holds;
using GoogleLogin.Infrastructure.Persistence.Postgres;
using GoogleLogin.Infrastructure.Persistence.Repositories;
using GoogleLogin.Infrastructure.Persistence.SessionCache;
using GoogleLogin.Infrastructure.Persistence.SignInNonces;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using GoogleLogin.Infrastructure.RedirectSignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddPersistence();
        services.AddDataProtectionKeys();
        services.AddSweep(configuration);
        services.AddIdentityProviders(configuration, environment);
        return services;
    }

    private static void AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<SqliteConnectionInterceptor>();
        services.AddSingleton<SqliteWriteLock>();
        services.AddSingleton<SqliteUserLocks>();
        services.AddScoped<UserHolds>();
        services.AddSingleton<SessionCacheEvictionInterceptor>();
        services.AddHostedService<PostgresSessionEvents>();

        // Each engine's context type carries its own migrations; everything else asks for AppDbContext, which
        // is leased from the configured engine's pool: a context built afresh costs more than the query it runs.
        services.AddPooledDbContextFactory<SqliteAppDbContext>((provider, options) => options
            .UseSqlite(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString)
            .AddInterceptors(provider.GetRequiredService<SqliteConnectionInterceptor>(), provider.GetRequiredService<SessionCacheEvictionInterceptor>())
            .ConfigureWarnings(LogHandledFailuresAsInformation));
        services.AddPooledDbContextFactory<PostgresAppDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString)
            .AddInterceptors(provider.GetRequiredService<SessionCacheEvictionInterceptor>())
            .ConfigureWarnings(LogHandledFailuresAsInformation));
        services.AddScoped<AppDbContext>(provider => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsPostgres
            ? provider.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>().CreateDbContext()
            : provider.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>().CreateDbContext());

        services.AddScoped<IUserRepository, UserRepository>();
        services.AddScoped<ISessionRepository, SessionRepository>();
        services.AddScoped<ISignInNonceRepository, SignInNonceRepository>();
        services.AddScoped<IAuthorizationStateRepository, AuthorizationStateRepository>();
        services.AddScoped<IPendingLinkRepository, PendingLinkRepository>();
        services.AddScoped<ISecurityEventRepository, SecurityEventRepository>();
        services.AddSingleton<ISignInNonceKeyStore, SignInNonceKeyStore>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();

        // Runs a statement rather than asking CanConnect, which swallows the failure: the health check's
        // own Error line then carries the exception, since EF Core's line about it is only Information.
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>(
            "database",
            tags: [HealthCheckTags.Ready],
            customTestQuery: static async (db, cancellationToken) =>
            {
                // A statement, not only an open: a pooled connection opens without reaching the server.
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                return true;
            });
    }

    /// <summary>
    /// Data Protection, which seals redirect states: its keys live in the database, so every instance seals and
    /// opens with the same ones, under one application name (by default each content root would be its own).
    /// They are stored unencrypted, as the nonce key is (SECURITY.md, Known limits); Data Protection says so in
    /// a Warning when it makes a key.
    /// </summary>
    private static void AddDataProtectionKeys(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName("GoogleLogin")
            .PersistKeysToDbContext<AppDbContext>();
        services.AddSingleton<IAuthorizationStateProtector, AuthorizationStateProtector>();
    }

    /// <summary>
    /// A failed command or save is logged at Error by EF Core even when the app expects and handles it (the
    /// first-sign-in race, two instances migrating at once, a client hanging up mid-sign-in, which rolls the
    /// transaction back). What the app does not handle reaches its exception handler, which logs it at
    /// Error; EF Core's own line need not page anyone.
    /// </summary>
    private static void LogHandledFailuresAsInformation(WarningsConfigurationBuilder warnings) => warnings.Log(
        (RelationalEventId.ConnectionError, LogLevel.Information),
        (RelationalEventId.CommandError, LogLevel.Information),
        (RelationalEventId.TransactionError, LogLevel.Information),
        (CoreEventId.SaveChangesFailed, LogLevel.Information));

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
        services.AddOptions<JsonWebKeySetOptions>()
            .Bind(configuration.GetSection(JsonWebKeySetOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Key sets and discovery documents come from the configured URLs only: a redirect is not followed, so a
        // URL that answers with one (a hijacked path, an open redirect at the provider) cannot choose the keys.
        var keySetClient = services.AddHttpClient(JsonWebKeySetCache.HttpClientName, client =>
        {
            client.MaxResponseContentBufferSize = 256 * 1024;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("GoogleLogin-KeySetFetcher/1.0");
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<JsonWebKeySetCache>();

        // One verifier per identity provider. Google's is there only with a client ID (or the development
        // provider in its place): without one, /api/auth/google is no provider at all, as any unconfigured name.
        var providerSections = configuration.GetSection(OpenIdConnectProviderOptions.SectionName).GetChildren().ToList();
        var developmentSignIn = DevelopmentSignIn.Resolve(configuration, environment);
        services.AddOptions<GoogleAuthOptions>()
            .Bind(configuration.GetSection(GoogleAuthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GoogleAuthOptions>>(provider =>
            new GoogleAuthOptionsValidator(provider.GetRequiredService<IHostEnvironment>(), otherProviders: providerSections.Count > 0));
        if (GoogleAuthOptions.HasClientId(configuration) || developmentSignIn.IsActive)
        {
            services.AddSingleton<IIdentityTokenVerifier, GoogleIdTokenVerifier>();
        }

        // Any other OpenID Connect provider: a section Auth:Providers:<name> each, verified by the same adapter.
        services.AddOptions<OpenIdConnectDiscoveryOptions>()
            .Bind(configuration.GetSection(OpenIdConnectDiscoveryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OpenIdConnectDiscovery>();
        services.AddSingleton<IValidateOptions<OpenIdConnectProviderOptions>, OpenIdConnectProviderOptionsValidator>();
        foreach (var section in providerSections)
        {
            services.AddOpenIdConnectProvider(section.Key, offersRedirect: !string.IsNullOrWhiteSpace(section["ClientSecret"])).Bind(section);
        }

        // Redirects are not followed: a token endpoint that answered with one would get the code, the verifier
        // and (with client_secret_post) the secret sent on to wherever it pointed; a userinfo endpoint, the access token.
        services.AddOptions<TokenEndpointOptions>()
            .Bind(configuration.GetSection(TokenEndpointOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var tokenEndpointClient = services.AddHttpClient(OpenIdConnectAuthorizationCodeClient.HttpClientName, client => client.MaxResponseContentBufferSize = 256 * 1024)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        // Google's redirect sign-in (the server-side flow), when it has a client secret; its tokens go through Google's verifier.
        if (!string.IsNullOrWhiteSpace(configuration[$"{GoogleAuthOptions.SectionName}:ClientSecret"]))
        {
            services.AddSingleton<IAuthorizationCodeClient>(provider =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<GoogleAuthOptions>>();
                return ActivatorUtilities.CreateInstance<OpenIdConnectAuthorizationCodeClient>(provider, "google", () =>
                {
                    var current = options.CurrentValue;
                    // Its tokens go through Google's verifier, held to Google's issuer, with the keys of Auth:Google:CertificatesUrl:
                    // the discovery document (of a stand-in, in tests) may name that issuer rather than its authority. Its
                    // userinfo is not read: its ID tokens carry the profile, and which emails Google vouches for is its
                    // verifier's rule (Gmail, Workspace), which userinfo's email_verified would bypass.
                    return new AuthorizationCodeClientSettings(
                        current.Authority, current.ClientIds[0], current.ClientSecret!, current.Scopes, OpenIdConnectProviderKinds.Standard,
                        GoogleIdTokenVerifier.Issuer, ReadsUserInfo: false);
                });
            });
        }

        services.AddSingleton(developmentSignIn);
        services.AddSingleton<IDevelopmentSignIn>(developmentSignIn);
        if (developmentSignIn.IsActive)
        {
            // The local identity provider replaces Google's key set and client ID, nothing else:
            // its tokens go through the same verifier and the same checks.
            services.AddSingleton(provider => new DevelopmentIdentityProvider(
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IConfiguration>()[DevelopmentSignIn.SigningKeyFileKey]));
            // Made while the host starts, so that an unreadable key file stops start-up, not the first sign-in.
            services.AddHostedService<DevelopmentIdentityProviderStarter>();
            services.AddSingleton<DevelopmentAuthorizationServer>();
            services.AddTransient<DevelopmentIdentityHandler>();
            keySetClient.AddHttpMessageHandler<DevelopmentIdentityHandler>();
            tokenEndpointClient.AddHttpMessageHandler<DevelopmentIdentityHandler>();
            services.PostConfigure<GoogleAuthOptions>(options =>
            {
                options.ClientIds = [DevelopmentSignIn.ClientId];
                options.CertificatesUrl = DevelopmentSignIn.CertificatesUrl;
            });

            // And it is an OpenID Connect provider of its own, for the redirect sign-in: configured here as any provider is.
            if (configuration.GetSection($"{OpenIdConnectProviderOptions.SectionName}:{DevelopmentSignIn.ProviderName}").Exists())
            {
                throw new OptionsValidationException(OpenIdConnectProviderOptions.SectionName, typeof(OpenIdConnectProviderOptions), [
                    $"{OpenIdConnectProviderOptions.SectionName}:{DevelopmentSignIn.ProviderName} is configured, but that name is the development " +
                    "identity provider's while development sign-in is on. Give the provider another name."]);
            }

            services.AddSingleton<IAuthorizationCodeClient>(provider =>
                new DevelopmentAuthorizationCodeClient(OpenIdConnectCodeClient(provider, DevelopmentSignIn.ProviderName)));
            services.AddOpenIdConnectProvider(DevelopmentSignIn.ProviderName, offersRedirect: false).Configure(options =>
            {
                options.Authority = DevelopmentSignIn.Issuer;
                options.ClientIds = [DevelopmentSignIn.RedirectClientId];
                options.ClientSecret = DevelopmentSignIn.RedirectClientSecret;
                options.DisplayName = DevelopmentSignIn.ProviderDisplayName;
            });
        }
    }

    /// <summary>One OpenID Connect provider: its options (validated at start-up), its verifier, and its code client for the redirect sign-in.</summary>
    private static OptionsBuilder<OpenIdConnectProviderOptions> AddOpenIdConnectProvider(this IServiceCollection services, string name, bool offersRedirect)
    {
        services.AddSingleton<IIdentityTokenVerifier>(provider => ActivatorUtilities.CreateInstance<OpenIdConnectTokenVerifier>(provider, name));
        if (offersRedirect)
        {
            services.AddSingleton<IAuthorizationCodeClient>(provider => OpenIdConnectCodeClient(provider, name));
        }

        return services.AddOptions<OpenIdConnectProviderOptions>(name).ValidateOnStart();
    }

    private static OpenIdConnectAuthorizationCodeClient OpenIdConnectCodeClient(IServiceProvider provider, string name)
    {
        var options = provider.GetRequiredService<IOptionsMonitor<OpenIdConnectProviderOptions>>();
        return ActivatorUtilities.CreateInstance<OpenIdConnectAuthorizationCodeClient>(provider, name, () =>
        {
            var current = options.Get(name);
            return new AuthorizationCodeClientSettings(current.Authority!, current.ClientIds[0], current.ClientSecret!, current.Scopes, current.KindRules);
        });
    }
}
