using GoogleLogin.Application.Common.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GoogleLogin.WebApi.ErrorHandling;

/// <summary>
/// Answers the exceptions the application raises with the ProblemDetails of their code (see
/// <see cref="ErrorCatalogue"/>). Clients get a status, a code and a plain explanation; exception messages
/// and stack traces stay on the server.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ErrorCatalogue.Of(exception) is not var (code, detail))
        {
            LogUnhandled(logger, exception);
            (code, detail) = (ErrorCode.Unexpected, null);
        }
        else if (code == ErrorCode.DatabaseUnavailable)
        {
            // No fault of the request, but the operator's to know.
            LogDatabaseUnavailable(logger, exception);
        }
        else if (exception is IdentityProviderUnavailableException unavailable)
        {
            ProviderUnavailability.Log(logger, unavailable);
        }

        var problem = exception is RequestValidationException validation
            ? ProblemResponses.Create(code, validation.Errors.ToDictionary(e => CamelCase(e.Key), e => e.Value, StringComparer.Ordinal))
            : ProblemResponses.Create(code, detail: detail);
        foreach (var (member, value) in ErrorCatalogue.ExtensionsOf(exception))
        {
            problem.Extensions[member] = value;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        });
    }

    private static string CamelCase(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
