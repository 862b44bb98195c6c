using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// Decides whether the built-in development identity provider runs: only in the Development
/// environment, when no Google client ID is configured or <c>Auth:Google:Development:Enabled</c> is
/// true. It then stands in for Google, and the Google verifier checks its tokens exactly as it checks
/// Google's: only the key-set URL and the client ID differ.
/// </summary>
public sealed record DevelopmentSignIn(bool IsActive)
{
    public const string EnabledKey = "Auth:Google:Development:Enabled";

    /// <summary>
    /// A PEM file for the signing key, shared by instances that must accept each other's development
    /// tokens; unset, each instance makes its own key at start-up and keeps it in memory.
    /// </summary>
    public const string SigningKeyFileKey = "Auth:Google:Development:SigningKeyFile";

    /// <summary>The audience of development tokens; never a real Google client.</summary>
    public const string ClientId = "googlelogin-development.apps.googleusercontent.invalid";

    /// <summary>Where the verifier fetches the development key set. Answered in-process, never sent to a network.</summary>
    public const string CertificatesUrl = "http://development-identity.localhost/oauth2/v3/certs";

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

        var hasGoogleClientId = configuration.GetSection("Auth:Google:ClientIds").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
        return new DevelopmentSignIn(environment.IsDevelopment() && (enabled ?? !hasGoogleClientId));
    }
}
