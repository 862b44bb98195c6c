using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Users.LinkLogin;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// What the browser is told when a redirect sign-in or link fails: a code for <c>/?signInError=</c> (or the
/// link's <c>?linkError=</c>), which the SPA
/// explains. A browser navigation gets no ProblemDetails and never a 5xx: an unexpected failure is logged
/// here, as the exception handler would, and becomes <c>unexpected</c>.
/// </summary>
internal sealed partial class RedirectSignInLog
{
    public static string? ErrorCode(Exception exception, ILogger<RedirectSignInLog> logger)
    {
        var code = exception switch
        {
            RedirectSignInFailedException failed => failed.Code,
            IdentityTokenRejectedException or RequestValidationException => "token_rejected",
            IdentityProviderUnavailableException => "provider_unavailable",
            IdentityNotAllowedException => "not_allowed",
            EmailAlreadyRegisteredException => "email_conflict",
            UserInactiveException => "account_disabled",
            UnknownIdentityProviderException => RedirectSignInFailedException.UnknownProvider,
            ReauthenticationRequiredException => "reauthentication_required",
            LoginBelongsToAnotherUserException => "login_in_use",
            // The browser went away: there is nobody to redirect, and nothing went wrong here.
            OperationCanceledException => null,
            _ => "unexpected",
        };
        if (code == "unexpected")
        {
            LogUnexpected(logger, exception);
        }

        return code;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Redirect sign-in failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
