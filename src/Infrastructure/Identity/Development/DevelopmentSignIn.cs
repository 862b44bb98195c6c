using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.Google;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// Decides whether the built-in development identity provider runs: only in the Development
/// environment, when no Google client ID is configured or <c>Auth:Google:Development:Enabled</c> is
/// true. It then stands in for Google, and the Google verifier checks its tokens exactly as it checks
/// Google's: only the key-set URL and the client ID differ.
/// </summary>
public sealed record DevelopmentSignIn(bool IsActive) : IDevelopmentSignIn
{
    public const string EnabledKey = "Auth:Google:Development:Enabled";

    /// <summary>
    /// A PEM file for the signing key, shared by instances that must accept each other's development
    /// tokens; unset, each instance makes its own key at start-up and keeps it in memory.
    /// </summary>
    public const string SigningKeyFileKey = "Auth:Google:Development:SigningKeyFile";

    /// <summary>The audience of development tokens; never a real Google client.</summary>
    public const string ClientId = "googlelogin-development.apps.googleusercontent.invalid";

    /// <summary>Where the verifiers fetch the development key set. Answered in-process, never sent to a network.</summary>
    public const string CertificatesUrl = Issuer + "/oauth2/v3/certs";

    /// <summary>
    /// The development provider's issuer in the redirect sign-in, where it is an OpenID Connect provider of
    /// its own (its discovery document and token endpoint answered in-process, like its key set). Its users
    /// are not the test accounts' Google users: a second provider, as Microsoft beside Google would be.
    /// </summary>
    public const string Issuer = "http://development-identity.localhost";

    /// <summary>The development provider's route name: <c>/api/auth/development/start</c>.</summary>
    public const string ProviderName = "development";

    public const string ProviderDisplayName = "the development provider";

    /// <summary>This app's client at the development provider, for the redirect sign-in.</summary>
    public const string RedirectClientId = "googlelogin-development-redirect";

    /// <summary>Checked by the development token endpoint as a real one would; not a secret, as every account here is open to anyone.</summary>
    public const string RedirectClientSecret = "development-client-secret";

    /// <summary>The redirect URI registered for that client (on any loopback origin), as one is at a real provider.</summary>
    public const string RegisteredCallbackPath = "/api/auth/" + ProviderName + "/callback";

    /// <summary>The authorization endpoint: the SPA's account chooser, on the origin a browser on this machine reaches the app at.</summary>
    public const string AuthorizationPath = "/dev-identity/authorize";

    /// <exception cref="InvalidOperationException">Development sign-in was asked for outside Development.</exception>
    public static DevelopmentSignIn Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var enabled = configuration.GetValue<bool?>(EnabledKey);
        if (enabled == true && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{EnabledKey} is true, but development sign-in mints its own tokens and may only run in the " +
                $"Development environment (this is '{environment.EnvironmentName}'). Remove the setting, or set " +
                "ASPNETCORE_ENVIRONMENT=Development on a developer machine.");
        }

        return new DevelopmentSignIn(environment.IsDevelopment() && (enabled ?? !GoogleAuthOptions.HasClientId(configuration)));
    }
}
