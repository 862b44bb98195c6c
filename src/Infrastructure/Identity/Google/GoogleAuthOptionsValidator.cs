using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.Google;

/// <summary>
/// Refuses to start a non-Development app without a client ID: with none, every token would be
/// refused, and the fix must never be to skip the audience check. Nor with a key set fetched over
/// plain HTTP from another machine.
/// </summary>
internal sealed class GoogleAuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<GoogleAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, GoogleAuthOptions options)
    {
        var failures = new List<string>();
        if (options.ClientIds.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:ClientIds contains an empty entry.");
        }

        if (options.ClientIds.Count == 0 && !environment.IsDevelopment())
        {
            failures.Add(
                $"{GoogleAuthOptions.SectionName}:ClientIds is empty. Set it to your Google OAuth client ID " +
                $"(for example the environment variable Auth__Google__ClientIds__0). Only the Development environment may start without one.");
        }

        if (!Uri.TryCreate(options.CertificatesUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:CertificatesUrl must be an absolute http(s) URL.");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !OutboundUrls.IsThisMachine(url) && !environment.IsDevelopment())
        {
            // Keys fetched over plain HTTP can be swapped on the way, and then any token verifies.
            failures.Add(
                $"{GoogleAuthOptions.SectionName}:CertificatesUrl is '{url.GetLeftPart(UriPartial.Authority)}...', which is not https. " +
                "Outside the Development environment the key set must come over https (plain http only from this machine, such as http://127.0.0.1).");
        }

        if (options.ClientSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:ClientSecret is blank. Set Google's client secret for the redirect sign-in, or leave it unset.");
        }
        else if (options.ClientSecret is not null && options.ClientIds.Count == 0)
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:ClientSecret is set but ClientIds is empty: the redirect sign-in uses the first client ID.");
        }

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) ||
            (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && (OutboundUrls.IsThisMachine(authority) || environment.IsDevelopment()))))
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:Authority must be an https URL (plain http only on this machine).");
        }

        if (!OpenIdConnect.OpenIdConnectScopes.IncludeOpenId(options.Scopes))
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:Scopes must include 'openid'.");
        }

        if (options.ClockTolerance < TimeSpan.Zero || options.ClockTolerance > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{GoogleAuthOptions.SectionName}:ClockTolerance must be between 0 and 5 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
