using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>
/// Stops start-up on a provider section that cannot work, naming the key to fix: a bad name, no authority,
/// no client ID, an authority over plain HTTP from another machine, or a Microsoft multi-tenant authority
/// with no tenants to admit (which would let any organisation in).
/// </summary>
internal sealed partial class OpenIdConnectProviderOptionsValidator(IHostEnvironment environment) : IValidateOptions<OpenIdConnectProviderOptions>
{
    /// <summary>Route segments of <c>/api/auth</c> that are not providers, and Google's, which has its own section.</summary>
    private static readonly string[] ReservedNames = ["google", "config", "nonce", "logout", "logout-all", "logout-others", "sessions", "me"];

    public ValidateOptionsResult Validate(string? name, OpenIdConnectProviderOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            // The unnamed instance belongs to no section.
            return ValidateOptionsResult.Skip;
        }

        var section = $"{OpenIdConnectProviderOptions.SectionName}:{name}";
        var failures = new List<string>();
        if (!ProviderName().IsMatch(name) || ReservedNames.Contains(name))
        {
            failures.Add(
                $"{section}: '{name}' cannot name a provider. A name is its route segment (/api/auth/<name>): 1 to 32 lower-case letters, " +
                $"digits and '-', starting with a letter, and none of: {string.Join(", ", ReservedNames)}.");
        }

        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            failures.Add($"{section}:Authority is missing. Set it to the provider's issuer, such as https://login.example.com.");
        }
        else if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) ||
                 (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp) ||
                 !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
        {
            failures.Add($"{section}:Authority must be an absolute http(s) URL without query or fragment.");
        }
        else if (authority.Scheme != Uri.UriSchemeHttps && !OutboundUrls.IsThisMachine(authority) && !environment.IsDevelopment())
        {
            // Discovery and keys fetched over plain HTTP can be swapped on the way, and then any token verifies.
            failures.Add(
                $"{section}:Authority is not https. Outside the Development environment a provider must be reached over https " +
                "(plain http only on this machine, such as http://127.0.0.1).");
        }
        else if (options.Kind == OpenIdConnectProviderKind.Microsoft && IsMicrosoftMultiTenant(authority) && options.Tenants.Count == 0)
        {
            failures.Add(
                $"{section}:Tenants is empty, and the authority '{authority.AbsolutePath.Trim('/').Split('/')[0]}' admits accounts of every " +
                "Microsoft organisation. List the directory (tenant) IDs to admit, such as " +
                $"{EnvironmentVariable(section)}__Tenants__0=<tenant id>.");
        }

        if (options.ClientIds.Count == 0)
        {
            failures.Add($"{section}:ClientIds is empty. Set it to this application's client ID at the provider ({EnvironmentVariable(section)}__ClientIds__0).");
        }
        else if (options.ClientIds.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{section}:ClientIds contains an empty entry.");
        }

        if (options.ClientSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            failures.Add($"{section}:ClientSecret is blank. Set the client secret for the redirect sign-in, or leave it unset.");
        }

        if (!OpenIdConnectScopes.IncludeOpenId(options.Scopes))
        {
            failures.Add($"{section}:Scopes must include 'openid' (default: '{OpenIdConnectScopes.Default}').");
        }

        if (options.Tenants.Any(tenant => !Guid.TryParseExact(tenant, "D", out _)))
        {
            // A domain name never equals a token's tid: every sign-in would be refused.
            failures.Add($"{section}:Tenants must hold directory (tenant) IDs, such as 6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b, not domain names.");
        }

        if (options.Tenants.Count > 0 && options.Kind != OpenIdConnectProviderKind.Microsoft)
        {
            failures.Add($"{section}:Tenants applies to Kind Microsoft only.");
        }

        if (options.ClockTolerance < TimeSpan.Zero || options.ClockTolerance > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:ClockTolerance must be between 0 and 5 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The authorities whose discovery document names no one issuer but <c>{tenantid}</c>: every
    /// organisation's tokens (and, for <c>common</c>, personal accounts') would verify.
    /// </summary>
    internal static bool IsMicrosoftMultiTenant(Uri authority) =>
        authority.AbsolutePath.Trim('/').Split('/')[0].ToLowerInvariant() is "common" or "organizations";

    private static string EnvironmentVariable(string section) => section.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex ProviderName();
}
