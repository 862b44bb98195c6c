using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.Http.Metadata;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Answers 413 at once when a request declares a body longer than its endpoint's
/// <see cref="IRequestSizeLimitMetadata"/>, before anything reads it. Routing already hands the same
/// limit to the server, which cuts off a body without a declared length (also 413).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit &&
            context.Request.ContentLength > limit)
        {
            return context.WriteProblemAsync(ErrorCode.BodyTooLarge, $"The request body must be at most {limit} bytes.");
        }

        return next(context);
    }
}
