using Serilog.Events;

namespace GoogleLogin.WebApi.Logging;

/// <summary>
/// The level of each request's log line. Reads that succeed are what every page load makes (the page, its assets, the
/// sign-in options): at Debug they keep the console for what happened. Sign-ins, sign-outs, changes and refusals stay at
/// Information, and failures at Error, as Serilog's default has them.
/// </summary>
internal static class RequestLogLevel
{
    public static LogEventLevel For(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
        : context.Response.StatusCode < StatusCodes.Status400BadRequest && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            ? LogEventLevel.Debug
            : LogEventLevel.Information;
}
