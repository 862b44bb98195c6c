using Serilog.Events;

namespace GoogleLogin.WebApi.Logging;

/// <summary>
/// The level of each request's log line. What every page load makes (the page, its assets, the sign-in options, a
/// sign-in nonce), answered with success, is at Debug: the console keeps what happened. Sign-ins (their redirects
/// included), sign-outs, changes and refusals stay at Information, and failures at Error, as Serilog's default has them.
/// </summary>
internal static class RequestLogLevel
{
    /// <summary>Endpoint metadata for a request a page load makes although it is no GET: it writes nothing lasting.</summary>
    public static readonly object PartOfAPageLoad = new PageLoadRequest();

    public static LogEventLevel For(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        var status = context.Response.StatusCode;
        if (exception is not null || status >= StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        var answered = status is >= StatusCodes.Status200OK and < StatusCodes.Status300MultipleChoices or StatusCodes.Status304NotModified;
        var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<PageLoadRequest>() is not null;
        return answered && read ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    private sealed class PageLoadRequest;
}
