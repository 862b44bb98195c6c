using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Enforces an endpoint's <see cref="IRequestSizeLimitMetadata"/> before anything reads the body: a
/// declared length over the limit is answered 413 at once, and a body without a declared length is
/// cut off by the server at the limit (also 413) rather than buffered and parsed.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is not { } limit)
        {
            return next(context);
        }

        if (context.Request.ContentLength > limit)
        {
            return context.WriteProblemAsync(
                StatusCodes.Status413PayloadTooLarge,
                "Request too large",
                $"The request body must be at most {limit} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}

/// <summary>Endpoint metadata: the largest request body the endpoint accepts.</summary>
internal sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
