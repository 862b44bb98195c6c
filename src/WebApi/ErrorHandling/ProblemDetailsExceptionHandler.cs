using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Domain.Users;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GoogleLogin.WebApi.ErrorHandling;

/// <summary>
/// Maps the exceptions the application raises to ProblemDetails responses. Clients get a status and a
/// plain explanation; exception messages and stack traces stay on the server.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestValidationException validation => ValidationProblem(validation),
            IdentityTokenRejectedException => Problem(
                StatusCodes.Status401Unauthorized,
                "Sign-in failed",
                "The ID token could not be verified. Sign in again."),
            IdentityProviderUnavailableException => Problem(
                StatusCodes.Status503ServiceUnavailable,
                "Sign-in is temporarily unavailable",
                "The identity provider's signing keys could not be obtained. Try again in a moment."),
            UnknownIdentityProviderException unknown => Problem(
                StatusCodes.Status404NotFound,
                "Unknown identity provider",
                $"No identity provider named '{unknown.Provider}' is configured."),
            IdentityNotAllowedException => Problem(
                StatusCodes.Status403Forbidden,
                "Account not allowed",
                "This application only admits accounts of its allowed organisations."),
            EmailAlreadyRegisteredException clash => Problem(
                StatusCodes.Status409Conflict,
                "Email already registered",
                $"This email address belongs to an account that signs in with {clash.OwnerProviderDisplayName}. " +
                $"Sign in with {clash.OwnerProviderDisplayName}, then link {clash.ProviderDisplayName} from your account page."),
            UserInactiveException => Problem(
                StatusCodes.Status403Forbidden,
                "Account disabled",
                "This account has been disabled."),
            NotFoundException => Problem(StatusCodes.Status404NotFound, "Not found", null),
            ReauthenticationRequiredException reauthentication => Problem(
                StatusCodes.Status403Forbidden,
                "Sign in again to change sign-in methods",
                $"Linking another sign-in method needs a sign-in from the last {Duration(reauthentication.Window)}. Sign in again, then link it."),
            LoginBelongsToAnotherUserException taken => Problem(
                StatusCodes.Status409Conflict,
                "This account is already in use",
                $"This {taken.ProviderDisplayName} account signs in to another account here. Choose another, or sign in with it and remove it there first."),
            LastLoginException => Problem(
                StatusCodes.Status409Conflict,
                "This is your only way to sign in",
                "Link another sign-in method first: without one, nobody could sign in to this account again."),
            BadHttpRequestException badRequest => Problem(badRequest.StatusCode, ReasonPhrase(badRequest.StatusCode), null),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception);
            problem = Problem(StatusCodes.Status500InternalServerError, "Unexpected error", "The server could not complete the request.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        });
    }

    private static ProblemDetails Problem(int status, string title, string? detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static HttpValidationProblemDetails ValidationProblem(RequestValidationException exception) =>
        new(exception.Errors.ToDictionary(e => JsonNamingPolicyCamelCase(e.Key), e => e.Value, StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid",
        };

    private static string JsonNamingPolicyCamelCase(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>A configured window in words: "10 minutes", "1 minute", "30 seconds".</summary>
    private static string Duration(TimeSpan window) => window >= TimeSpan.FromMinutes(1)
        ? $"{window.TotalMinutes:0.#} minute{(window == TimeSpan.FromMinutes(1) ? string.Empty : "s")}"
        : $"{window.TotalSeconds:0} second{(window == TimeSpan.FromSeconds(1) ? string.Empty : "s")}";

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad request";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
