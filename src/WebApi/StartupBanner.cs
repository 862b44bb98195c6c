using GoogleLogin.Application.Auth.GetSignInOptions;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.WebApi.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi;

/// <summary>Says on start which sign-in mode is active, where to open the app and, when named, which instance this is.</summary>
internal static partial class StartupBanner
{
    public static void Log(WebApplication app, SignInOptions options)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GoogleLogin");
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // Behind a proxy, browsers open the public origin, not the address the app listens on.
        var url = PublicOrigin.Configured(app.Services)?.GetLeftPart(UriPartial.Authority)
            ?? addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "(no address)";

        var instance = app.Services.GetRequiredService<IOptions<InstanceOptions>>().Value.Name;
        if (!string.IsNullOrEmpty(instance))
        {
            LogInstance(logger, instance);
        }

        if (app.Configuration["Auth:Google:LinkByVerifiedEmail"] is not null)
        {
            LogLinkByVerifiedEmailIgnored(logger);
        }

        if (options.DevelopmentSignIn)
        {
            // Made as the host started, before this runs: nothing to wait for here.
            var keySource = app.Services.GetRequiredService<DevelopmentIdentityProvider>().KeySource;
            LogDevelopmentMode(logger, url, keySource);
        }
        else
        {
            var providers = string.Join(", ", options.Providers.Select(p => $"{p.DisplayName} ({p.Method})"));
            LogProviders(logger, url, providers);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceName}: every answer carries it in the X-Instance header")]
    private static partial void LogInstance(ILogger logger, string instanceName);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Sign-in mode: DEVELOPMENT test accounts, by ID token or by redirect through the development provider " +
        "(no Google account or network needed; tokens signed by {KeySource}). Open {Url}")]
    private static partial void LogDevelopmentMode(ILogger logger, string url, string keySource);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Auth:Google:LinkByVerifiedEmail is no longer read: nothing links accounts by email. People link another sign-in method " +
        "on purpose, from a session they hold; a new account whose verified email is taken gets 409")]
    private static partial void LogLinkByVerifiedEmailIgnored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in mode: {Providers}. Open {Url}")]
    private static partial void LogProviders(ILogger logger, string url, string providers);
}
