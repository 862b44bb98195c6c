using System.ComponentModel.DataAnnotations;
using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Configuration;

/// <summary>
/// Configuration section <c>Hosting</c>: the origin browsers reach this app at. Without it, redirect URIs and the
/// CSRF Origin check come from the request's own <c>Host</c>, which any client chooses.
/// </summary>
internal sealed class HostingOptions : IValidatableObject
{
    public const string SectionName = "Hosting";

    /// <summary>Such as <c>https://login.example.com</c>: scheme, host and port, nothing more.</summary>
    public string? PublicOrigin { get; set; }

    /// <summary>The origin as browsers send it (<c>Origin</c>), without a trailing slash; null when unset or invalid.</summary>
    public Uri? Origin => PublicOrigin is { } value &&
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        uri.Scheme is "http" or "https" &&
        uri.UserInfo.Length == 0 &&
        uri.AbsolutePath == "/" &&
        !value.Contains('?', StringComparison.Ordinal) &&
        !value.Contains('#', StringComparison.Ordinal)
            ? uri
            : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicOrigin is not null && Origin is null)
        {
            yield return new ValidationResult(
                $"{SectionName}:PublicOrigin must be an absolute http or https origin, such as https://login.example.com, with no path, query or fragment.",
                [nameof(PublicOrigin)]);
        }
    }
}

/// <summary>
/// Where browsers reach this app: <c>Hosting:PublicOrigin</c> when set, else the request's scheme and <c>Host</c>.
/// The one place the redirect URI and the Origin check take it from.
/// </summary>
internal static class PublicOrigin
{
    /// <summary>The origin, such as <c>https://login.example.com</c>, without a trailing slash.</summary>
    public static string Of(HttpRequest request) =>
        Configured(request.HttpContext) is { } origin
            ? origin.GetLeftPart(UriPartial.Authority)
            : $"{request.Scheme}://{request.Host}";

    /// <summary>This app's callback for the provider, as the browser reaches it.</summary>
    public static Uri CallbackUrl(HttpRequest request, string provider) =>
        new($"{Of(request)}{request.PathBase}/api/auth/{Uri.EscapeDataString(provider.ToLowerInvariant())}/callback");

    /// <summary>
    /// With a public origin, a request naming another host gets 400 before routing (it reaches no endpoint), so a
    /// forged <c>Host</c> never reaches a redirect URI or a link. Health checks are answered whatever the host:
    /// load balancers probe instances by their own addresses.
    /// </summary>
    public static IApplicationBuilder UseOnlyThePublicHost(this IApplicationBuilder app) =>
        app.Use((context, next) =>
            Configured(context) is { } origin && !context.Request.Path.StartsWithSegments("/health") && !IsHostOf(origin, context.Request.Host)
                ? context.WriteProblemAsync(ErrorCode.UnknownHost)
                : next(context));

    /// <summary>
    /// Outside Development a redirect provider needs the public origin: the redirect URI it sends providers must not
    /// be whatever <c>Host</c> a client sent.
    /// </summary>
    public static void RequireForRedirectSignIn(IServiceProvider services, IHostEnvironment environment, bool redirectSignIn)
    {
        if (redirectSignIn && !environment.IsDevelopment() && Configured(services) is null)
        {
            throw new OptionsValidationException(HostingOptions.SectionName, typeof(HostingOptions), [
                $"A provider with a client secret offers the redirect sign-in, whose redirect URI would come from the Host header each " +
                $"request sends. Set {HostingOptions.SectionName}:PublicOrigin to the address browsers reach this app at, such as https://login.example.com."]);
        }
    }

    /// <summary>The origin's host, and its port, or none for the origin's default port (a proxy may drop it).</summary>
    private static bool IsHostOf(Uri origin, HostString host) =>
        string.Equals(host.Host, HostString.FromUriComponent(origin).Host, StringComparison.OrdinalIgnoreCase) &&
        (host.Port ?? origin.Port) == origin.Port;

    private static Uri? Configured(HttpContext context) => Configured(context.RequestServices);

    /// <summary>The origin browsers reach the app at, when configured (<c>Hosting:PublicOrigin</c>).</summary>
    public static Uri? Configured(IServiceProvider services) => services.GetRequiredService<IOptions<HostingOptions>>().Value.Origin;
}
