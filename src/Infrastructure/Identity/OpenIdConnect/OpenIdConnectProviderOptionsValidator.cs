using System.Text.RegularExpressions;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>
/// Stops start-up on a provider section that cannot work, naming the key to fix: a bad name, no authority,
/// no client ID, an authority over plain HTTP from another machine, an unknown kind, or what its kind
/// refuses (a Microsoft multi-tenant authority with no tenants to admit, which would let any organisation in).
/// Names that routes of the API take are refused by the API itself, which knows its routes.
/// </summary>
internal sealed partial class OpenIdConnectProviderOptionsValidator(IHostEnvironment environment) : IValidateOptions<OpenIdConnectProviderOptions>
{
    /// <summary>Google's own section is <c>Auth:Google</c>: its route name is not another provider's.</summary>
    private const string GoogleName = "google";

    public ValidateOptionsResult Validate(string? name, OpenIdConnectProviderOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            // The unnamed instance belongs to no section.
            return ValidateOptionsResult.Skip;
        }

        var section = $"{OpenIdConnectProviderOptions.SectionName}:{name}";
        var failures = new List<string>();
        if (!ProviderName().IsMatch(name) || name == GoogleName)
        {
            failures.Add(
                $"{section}: '{name}' cannot name a provider. A name is its route segment (/api/auth/<name>): 1 to 32 lower-case letters, " +
                $"digits and '-', starting with a letter, and not '{GoogleName}', whose section is {Google.GoogleAuthOptions.SectionName}.");
        }

        var authority = ProviderOptionChecks.RemoteUrl(failures, $"{section}:Authority", options.Authority, environment);
        if (options.ClientIds.Count == 0)
        {
            failures.Add($"{section}:ClientIds is empty. Set it to this application's client ID at the provider ({section.Replace(":", "__", StringComparison.Ordinal)}__ClientIds__0).");
        }

        ProviderOptionChecks.ClientIds(failures, section, options.ClientIds);
        ProviderOptionChecks.ClientSecret(failures, section, options.ClientSecret);
        ProviderOptionChecks.Scopes(failures, section, options.Scopes);
        ProviderOptionChecks.ClockTolerance(failures, section, options.ClockTolerance);

        if (OpenIdConnectProviderKinds.Find(options.Kind) is not { } kind)
        {
            failures.Add($"{section}:Kind '{options.Kind}' is none of: {string.Join(", ", OpenIdConnectProviderKinds.All.Select(k => k.Name))}.");
        }
        else if (authority is not null)
        {
            failures.AddRange(kind.Validate(section, options, authority));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex ProviderName();
}
