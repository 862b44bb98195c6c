using Microsoft.Extensions.Hosting;

namespace GoogleLogin.Infrastructure.Identity;

/// <summary>
/// What every identity provider's section must get right, whatever its kind: Google's
/// (<c>Auth:Google</c>) and each OpenID Connect provider's (<c>Auth:Providers:&lt;name&gt;</c>). Each check
/// adds what is wrong to <c>failures</c>, naming the key to fix.
/// </summary>
internal static class ProviderOptionChecks
{
    private static readonly TimeSpan MaxClockTolerance = TimeSpan.FromMinutes(5);

    public static void ClientIds(List<string> failures, string section, IReadOnlyCollection<string> clientIds)
    {
        if (clientIds.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{section}:ClientIds contains an empty entry.");
        }
    }

    public static void ClientSecret(List<string> failures, string section, string? clientSecret)
    {
        if (clientSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            failures.Add($"{section}:ClientSecret is blank. Set the client secret for the redirect sign-in, or leave it unset.");
        }
    }

    public static void Scopes(List<string> failures, string section, string scopes)
    {
        if (!OpenIdConnect.OpenIdConnectScopes.IncludeOpenId(scopes))
        {
            failures.Add($"{section}:Scopes must include 'openid' (default: '{OpenIdConnect.OpenIdConnectScopes.Default}').");
        }
    }

    public static void ClockTolerance(List<string> failures, string section, TimeSpan tolerance)
    {
        if (tolerance < TimeSpan.Zero || tolerance > MaxClockTolerance)
        {
            failures.Add($"{section}:ClockTolerance must be between 0 and 5 minutes.");
        }
    }

    /// <summary>
    /// An absolute http(s) URL without query or fragment, over https outside Development except on this
    /// machine: discovery documents and keys fetched over plain HTTP can be swapped on the way, and then
    /// any token verifies. The URL, when it passes.
    /// </summary>
    public static Uri? RemoteUrl(List<string> failures, string key, string? value, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is missing.");
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) ||
            (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) ||
            !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            failures.Add($"{key} must be an absolute http(s) URL without query or fragment.");
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps && !OutboundUrls.IsThisMachine(url) && !environment.IsDevelopment())
        {
            failures.Add(
                $"{key} is not https ('{url.GetLeftPart(UriPartial.Authority)}...'). Outside the Development environment it must be " +
                "reached over https (plain http only on this machine, such as http://127.0.0.1).");
            return null;
        }

        return url;
    }
}
