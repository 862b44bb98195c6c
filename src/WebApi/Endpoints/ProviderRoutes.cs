using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// A provider's name is its route segment, <c>/api/auth/&lt;name&gt;</c>: a name that a route of the API
/// already takes (<c>logout</c>, <c>nonce</c>, ...) would never be reached, so start-up refuses it. The
/// routes are read from the endpoints as mapped, so a new route is reserved by being mapped.
/// </summary>
internal static class ProviderRoutes
{
    /// <exception cref="InvalidOperationException">A configured provider's name is a route of <c>/api/auth</c>.</exception>
    public static void EnsureNoProviderTakesARoute(IEndpointRouteBuilder endpoints, IEnumerable<IIdentityTokenVerifier> providers)
    {
        var taken = endpoints.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => LiteralSegmentAfterAuth(endpoint.RoutePattern))
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var clashing = providers.Select(provider => provider.Provider).Where(taken.Contains).ToList();
        if (clashing.Count > 0)
        {
            // One failure per clashing provider, each a line of its own.
            throw new OptionsValidationException(OpenIdConnectProviderOptions.SectionName, typeof(OpenIdConnectProviderOptions), [
                .. clashing.Select(name =>
                    $"Auth:Providers:{name}: '{name}' cannot name a provider: /api/auth/{name} is a route of the API. " +
                    $"Give the provider another name; taken are: {string.Join(", ", taken.Order(StringComparer.Ordinal))}."),
            ]);
        }
    }

    /// <summary>The literal segment right after <c>/api/auth</c> (<c>logout</c> of <c>/api/auth/logout</c>), or null.</summary>
    private static string? LiteralSegmentAfterAuth(RoutePattern pattern)
    {
        var segments = pattern.PathSegments;
        return segments.Count >= 3 &&
            segments[0].IsSimple && segments[0].Parts[0] is RoutePatternLiteralPart { Content: "api" } &&
            segments[1].IsSimple && segments[1].Parts[0] is RoutePatternLiteralPart { Content: "auth" } &&
            segments[2].IsSimple && segments[2].Parts[0] is RoutePatternLiteralPart literal
                ? literal.Content
                : null;
    }
}
