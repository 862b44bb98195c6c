using GoogleLogin.WebApi.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.RateLimiting;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// Declares the ProblemDetails answers of endpoints, with the reason for each, so the OpenAPI
/// document lists every status a client can get.
/// </summary>
internal static class ProblemAnswers
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Declares a ProblemDetails answer that the endpoint's handler (or its mapped exceptions) gives.</summary>
    public static TBuilder AnswersProblem<TBuilder>(this TBuilder builder, int status, string reason, Type? problemType = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Problem(status, reason, problemType));

    /// <summary>
    /// Declares the answers that middleware gives before the endpoint runs. Each rule reads the same
    /// metadata its middleware acts on, so the document cannot drift from what the pipeline does.
    /// </summary>
    public static TBuilder AnswersMiddlewareProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the endpoint's own conventions, which add the metadata read here.
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var methods = metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var path = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? string.Empty;

            if (metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains(JsonContentTypeMiddleware.ContentType)))
            {
                Declare(metadata, StatusCodes.Status400BadRequest, "The body is not valid JSON of the expected shape.");
                Declare(metadata, StatusCodes.Status415UnsupportedMediaType, "The body is not application/json (UTF-8 when a charset is given).");
            }

            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                Declare(metadata, StatusCodes.Status401Unauthorized, "No session cookie, or its session has expired or been revoked.");
            }

            if (methods.Any(method => CsrfProtectionMiddleware.Protects(method, path)))
            {
                Declare(metadata, StatusCodes.Status403Forbidden, $"The request lacks '{CsrfProtectionMiddleware.HeaderName}: 1' or comes from another origin.");
            }

            if (metadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize is { } limit)
            {
                Declare(metadata, StatusCodes.Status413PayloadTooLarge, $"The body is over {limit} bytes.");
            }

            if (metadata.OfType<EnableRateLimitingAttribute>().Any() && !metadata.OfType<BrowserNavigation>().Any())
            {
                Declare(metadata, StatusCodes.Status429TooManyRequests, "Too many requests from this address; the Retry-After header says when to try again.");
            }
        });
        return builder;
    }

    /// <summary>Adds an answer unless the endpoint already declares that status, whose reason then covers it.</summary>
    private static void Declare(IList<object> metadata, int status, string reason)
    {
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode)
            .Concat(metadata.OfType<IApiResponseMetadataProvider>().Select(m => m.StatusCode));
        if (!declared.Contains(status))
        {
            metadata.Add(Problem(status, reason, problemType: null));
        }
    }

    // The attribute, not ProducesResponseTypeMetadata: API Explorer copies the description only from it.
    private static ProducesResponseTypeAttribute Problem(int status, string reason, Type? problemType) =>
        new(problemType ?? typeof(ProblemDetails), status, ProblemJson) { Description = reason };
}
