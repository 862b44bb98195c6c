using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.RateLimiting;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>An error code an endpoint answers with (see <see cref="ErrorCatalogue"/>).</summary>
internal sealed record Refusal(ErrorCode Code);

/// <summary>
/// Declares the refusals of endpoints by their codes, so the OpenAPI document lists every status a client
/// can get and, for each, the codes it carries (<c>x-error-codes</c>) and why. An app's own endpoints use
/// <see cref="RequireSignedInUser"/> and <see cref="Refuses"/> (see docs/build-your-app.md).
/// </summary>
public static class ProblemAnswers
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>
    /// Only a signed-in user reaches the endpoint (or each endpoint of the group), and its OpenAPI answers
    /// declare what the pipeline before it refuses with, as ProblemDetails with their codes: 401
    /// <c>not_signed_in</c>, 403 <c>csrf_rejected</c> for an unsafe method under /api, and the rest that
    /// <see cref="DeclaresRefusals"/> reads from the endpoint's metadata.
    /// </summary>
    public static TBuilder RequireSignedInUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().DeclaresRefusals();

    /// <summary>Declares codes that the endpoint's handler (or the exceptions it raises) answers with.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, params ErrorCode[] codes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([.. codes.Select(code => new Refusal(code))]);

    /// <summary>
    /// Declares, for every endpoint of the group, the refusals of the middleware before it (each rule reads
    /// the same metadata its middleware acts on, so the document cannot drift from what the pipeline does),
    /// then one answer per status with its codes. A browser navigation answers every refusal with a 302
    /// carrying the code instead.
    /// </summary>
    internal static TBuilder DeclaresRefusals<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the endpoint's own conventions, which add the metadata read here.
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var methods = metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var path = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? string.Empty;
            var navigation = metadata.OfType<BrowserNavigation>().Any();

            if (metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains(JsonContentTypeMiddleware.ContentType)))
            {
                metadata.Add(new Refusal(ErrorCode.MalformedRequest));
                metadata.Add(new Refusal(ErrorCode.UnsupportedMediaType));
            }

            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                metadata.Add(new Refusal(ErrorCode.NotSignedIn));
                // The session is read from the database when this instance has not cached it.
                metadata.Add(new Refusal(ErrorCode.DatabaseUnavailable));
            }

            if (methods.Any(method => CsrfProtectionMiddleware.Protects(method, path)))
            {
                metadata.Add(new Refusal(ErrorCode.CsrfRejected));
            }

            if (metadata.OfType<IRequestSizeLimitMetadata>().Any(limit => limit.MaxRequestBodySize is not null))
            {
                metadata.Add(new Refusal(ErrorCode.BodyTooLarge));
            }

            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            {
                metadata.Add(new Refusal(ErrorCode.RateLimited));
            }

            if (navigation)
            {
                metadata.Add(new Refusal(ErrorCode.CrossSiteStart));
            }

            var codes = Codes(metadata);
            if (navigation)
            {
                metadata.Add(new ProducesResponseTypeAttribute(StatusCodes.Status302Found)
                {
                    Description = "Every outcome is a redirect; a refusal carries one of these codes (x-error-codes) in signInError or linkError: " +
                        string.Join(" ", codes.Select(When)),
                });
                return;
            }

            foreach (var status in codes.GroupBy(code => code.Describe().Status))
            {
                // The attribute, not ProducesResponseTypeMetadata: API Explorer copies the description only from it.
                var withFields = status.Any(code => code is ErrorCode.ValidationFailed or ErrorCode.InvalidAuthorizationRequest);
                metadata.Add(new ProducesResponseTypeAttribute(withFields ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), status.Key, ProblemJson)
                {
                    Description = string.Join(" ", status.Select(When)),
                });
            }
        });
        return builder;
    }

    /// <summary>The codes an endpoint declares, once each, in the catalogue's order.</summary>
    internal static IReadOnlyList<ErrorCode> Codes(IEnumerable<object> metadata)
    {
        var declared = metadata.OfType<Refusal>().Select(refusal => refusal.Code).ToHashSet();
        return [.. ErrorCatalogue.Codes.Where(declared.Contains)];
    }

    private static string When(ErrorCode code) => $"`{code.Name()}`: {code.Describe().When}";
}
