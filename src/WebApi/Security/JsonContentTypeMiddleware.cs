using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Endpoints that take a JSON body accept exactly <c>application/json</c>, in UTF-8 when a charset
/// is given; anything else is a 415 before the body is read. Left to the framework, an unknown
/// charset would surface as a server error and other <c>+json</c> types would be accepted.
/// </summary>
internal sealed class JsonContentTypeMiddleware(RequestDelegate next)
{
    public const string ContentType = "application/json";

    public async Task InvokeAsync(HttpContext context)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts is not null && accepts.ContentTypes.Contains(ContentType) && !IsUtf8Json(context.Request.ContentType))
        {
            await context.WriteProblemAsync(ErrorCode.UnsupportedMediaType);
            return;
        }

        await next(context);
    }

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
        mediaType.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase) &&
        (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
