using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.Google;

/// <summary>
/// Refuses to start a non-Development app with no provider at all, neither Google (a client ID) nor any
/// <c>Auth:Providers:&lt;name&gt;</c>: nobody could sign in, and the fix must never be to skip the audience
/// check. Google is optional beside another provider. Nor with a key set fetched over plain HTTP from another machine.
/// </summary>
/// <param name="otherProviders">Whether any <c>Auth:Providers:&lt;name&gt;</c> section is configured.</param>
internal sealed class GoogleAuthOptionsValidator(IHostEnvironment environment, bool otherProviders) : IValidateOptions<GoogleAuthOptions>
{
    private const string Section = GoogleAuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GoogleAuthOptions options)
    {
        var failures = new List<string>();
        ProviderOptionChecks.ClientIds(failures, Section, options.ClientIds);
        if (options.ClientIds.Count == 0 && !otherProviders && !environment.IsDevelopment())
        {
            failures.Add(
                $"No identity provider is configured: {Section}:ClientIds is empty and there is no Auth:Providers:<name> section. " +
                "Set your Google OAuth client ID (for example the environment variable Auth__Google__ClientIds__0), or an OpenID Connect " +
                "provider's Auth:Providers:<name>:Authority and ClientIds, or both. Only the Development environment may start without one.");
        }

        ProviderOptionChecks.RemoteUrl(failures, $"{Section}:CertificatesUrl", options.CertificatesUrl, environment);
        ProviderOptionChecks.RemoteUrl(failures, $"{Section}:Authority", options.Authority, environment);
        ProviderOptionChecks.ClientSecret(failures, Section, options.ClientSecret);
        if (!string.IsNullOrWhiteSpace(options.ClientSecret) && options.ClientIds.Count == 0)
        {
            failures.Add($"{Section}:ClientSecret is set but ClientIds is empty: the redirect sign-in uses the first client ID.");
        }

        ProviderOptionChecks.Scopes(failures, Section, options.Scopes);
        ProviderOptionChecks.ClockTolerance(failures, Section, options.ClockTolerance);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
