using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// The redirect sign-in (authorization code with PKCE): browser navigations, not API calls, so every outcome
/// is a redirect, and a refusal goes back to the app with its code, <c>?signInError=</c> or a link's <c>?linkError=</c>.
/// </summary>
internal static partial class RedirectSignInEndpoints
{
    public static RouteGroupBuilder MapRedirectSignInEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/{provider}").WithTags("Redirect sign-in").WithMetadata(new BrowserNavigation()).DeclaresRefusals();

        group.MapGet("/start", StartRedirectSignIn)
            .WithName(nameof(StartRedirectSignIn))
            .WithMetadata(new BrowserNavigation(FromThisSiteOnly: true))
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            .Refuses(
                ErrorCode.CrossSiteStart,
                ErrorCode.UnknownProvider,
                ErrorCode.ProviderUnavailable,
                // Data Protection reads its key ring from the database, now and then.
                ErrorCode.DatabaseUnavailable,
                ErrorCode.Unexpected)
            .WithSummary("Start the redirect sign-in at a provider.")
            .WithDescription("Authorization code with PKCE: 302 to the provider's authorization endpoint, with the state sealed (Data Protection) as the state parameter, nothing stored, and bound to this browser by a pre-login cookie (SameSite=Lax). returnUrl, a path of this site, is where the callback sends the browser; anything else becomes '/'. It only signs in: a link starts with POST /api/users/me/logins/{provider}/start. A refusal is a 302 to /?signInError=<code>.");

        group.MapGet("/callback", CompleteRedirectSignIn)
            .WithName(nameof(CompleteRedirectSignIn))
            .RequireRateLimiting(SignInRateLimiting.CallbackPolicy)
            .Refuses(
                ErrorCode.AccessDenied,
                ErrorCode.ProviderError,
                ErrorCode.UnknownProvider,
                ErrorCode.InvalidState,
                ErrorCode.ExchangeFailed,
                ErrorCode.ProviderUnavailable,
                ErrorCode.TokenRejected,
                ErrorCode.NotAllowed,
                ErrorCode.AccountDisabled,
                ErrorCode.EmailConflict,
                ErrorCode.NotSignedIn,
                ErrorCode.ReauthenticationRequired,
                ErrorCode.ReauthenticationMismatch,
                ErrorCode.LoginInUse,
                ErrorCode.ChangedMeanwhile,
                ErrorCode.DatabaseUnavailable,
                ErrorCode.Unexpected)
            .WithSummary("Where the provider sends the browser back.")
            .WithDescription("Checks the state and its binding, and iss (RFC 9207) where present or where the provider says it sends it, redeems the code with its PKCE verifier, verifies the ID token as POST /api/auth/{provider} does, sets the session cookie and 302s to the return URL; any failure 302s to /?signInError=<code>. A state started to link opens no session and links nothing: it holds the provider's account for the linking session to confirm (POST /api/users/me/logins/pending/{id}) and 302s to returnUrl?pendingLink=<id>, or once the state is found, returnUrl?linkError=<code>. A state started to sign in again in place (POST /api/auth/reauthenticate/{provider}/start) renews the session that started it, when it is still live (else not_signed_in) and the account is one of its user's sign-in methods (else reauthentication_mismatch), sets the new session cookie and 302s to returnUrl?reauthenticated=<provider>; once the state is found, a failure goes to returnUrl?reauthError=<code> and the session stays as it was. The provider's error (error, error_description) is logged made safe, never shown, and goes back as access_denied or provider_error: a link's or a re-authentication's, when its state passes the checks, to returnUrl?linkError=<code> or returnUrl?reauthError=<code>.");

        return group;
    }

    public static async Task<RedirectHttpResult> StartRedirectSignIn(
        string provider,
        string? returnUrl,
        HttpContext httpContext,
        ISender sender,
        ILogger<RedirectSignInFailure> logger,
        CancellationToken cancellationToken)
    {
        // A failure goes back to the sign-in page. No link starts here: a navigation any site or mail can send
        // is no request of the account's holder (POST /api/users/me/logins/{provider}/start is).
        static RedirectHttpResult Failed(ErrorCode code) => Back(CompleteRedirectSignInHandler.SignInPage, "signInError", code);

        try
        {
            var started = await sender.Send(
                new StartRedirectSignInCommand(
                    provider,
                    returnUrl,
                    PreLoginCookie.RedirectBinding.Read(httpContext.Request),
                    PublicOrigin.CallbackUrl(httpContext.Request, provider),
                    SessionCookie.Read(httpContext.Request)),
                cancellationToken);
            PreLoginCookie.RedirectBinding.Append(httpContext.Response, started.Binding);
            return TypedResults.Redirect(started.AuthorizationUrl.AbsoluteUri);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(RedirectSignInFailure.Code(exception, logger));
        }
    }

    public static async Task<RedirectHttpResult> CompleteRedirectSignIn(
        string provider,
        string? code,
        string? state,
        string? error,
        [FromQuery(Name = "error_description")] string? errorDescription,
        string? iss,
        HttpContext httpContext,
        ISender sender,
        ILogger<RedirectSignInFailure> logger,
        CancellationToken cancellationToken)
    {
        var completion = await sender.Send(
            new CompleteRedirectSignInCommand(
                provider,
                code,
                state,
                error,
                PreLoginCookie.RedirectBinding.Read(httpContext.Request),
                PublicOrigin.CallbackUrl(httpContext.Request, provider),
                SessionCookie.Read(httpContext.Request),
                httpContext.Request.Headers.UserAgent.ToString(),
                httpContext.Connection.RemoteIpAddress?.ToString(),
                iss,
                errorDescription),
            cancellationToken);

        switch (completion)
        {
            case RedirectCompletion.SignedIn signedIn:
                SessionCookie.Append(httpContext.Response, signedIn.Session.SessionToken, signedIn.Session.ExpiresAt);
                return TypedResults.Redirect(signedIn.ReturnUrl);
            case RedirectCompletion.LinkPending pending:
                return TypedResults.Redirect(QueryHelpers.AddQueryString(pending.ReturnUrl, "pendingLink", pending.PendingLinkId.ToString()));
            case RedirectCompletion.Reauthenticated renewed:
                SessionCookie.Append(httpContext.Response, renewed.Session.SessionToken, renewed.Session.ExpiresAt);
                return TypedResults.Redirect(QueryHelpers.AddQueryString(renewed.ReturnUrl, "reauthenticated", renewed.Provider));
            case RedirectCompletion.Failed failed:
                return Back(
                    failed.ReturnUrl,
                    failed.Purpose switch
                    {
                        RedirectPurpose.Link => "linkError",
                        RedirectPurpose.Reauthenticate => "reauthError",
                        _ => "signInError",
                    },
                    RedirectSignInFailure.Code(failed.Refusal, logger),
                    ErrorCatalogue.ExtensionsOf(failed.Refusal));
            default:
                throw new InvalidOperationException($"Unknown completion {completion.GetType().Name}.");
        }
    }

    /// <summary>To a page of this site, with the refusal's code in <paramref name="parameter"/> and what else its answer carries.</summary>
    private static RedirectHttpResult Back(string page, string parameter, ErrorCode code, IReadOnlyList<KeyValuePair<string, string>>? extensions = null) =>
        TypedResults.Redirect(QueryHelpers.AddQueryString(page, [new(parameter, code.Name()), .. (extensions ?? []).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))]));
}

/// <summary>
/// The code a redirect's failure goes back with, logged: the request log does not show the query string, and a
/// state that fails is what a forged or replayed callback looks like. A browser navigation gets no ProblemDetails
/// and never a 5xx: an unexpected failure is logged here, as the exception handler would, and becomes <c>unexpected</c>.
/// </summary>
internal sealed partial class RedirectSignInFailure
{
    public static ErrorCode Code(Exception refusal, ILogger<RedirectSignInFailure> logger)
    {
        if (ErrorCatalogue.Of(refusal) is var (code, _))
        {
            // The code and the exception's type only: a message may quote what the request or the provider sent.
            var name = code.Name();
            var refusalType = refusal.GetType().Name;
            if (code == ErrorCode.DatabaseUnavailable)
            {
                LogDatabaseUnavailable(logger, refusal);
            }
            else if (refusal is AuthorizationRefusedException refused)
            {
                // Why the provider refused is for the operator only; its text comes made safe to log (never the state).
                LogProviderError(logger, name, refused.Provider, refused.Error, refused.Description);
            }
            else
            {
                if (refusal is IdentityProviderUnavailableException unavailable)
                {
                    ProviderUnavailability.Log(logger, unavailable);
                }

                LogRefused(logger, name, refusalType);
            }

            return code;
        }

        LogUnexpected(logger, refusal);
        return ErrorCode.Unexpected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redirect sign-in refused: {Code} ({RefusalType})")]
    private static partial void LogRefused(ILogger logger, string code, string refusalType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redirect sign-in refused: {Code}: provider {Provider} answered {ProviderError}: {ProviderErrorDescription}")]
    private static partial void LogProviderError(ILogger logger, string code, string provider, string providerError, string? providerErrorDescription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redirect sign-in failed: the database is unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redirect sign-in failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
