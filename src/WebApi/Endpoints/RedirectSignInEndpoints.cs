using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            .Refuses(
                ErrorCode.CrossSiteStart,
                ErrorCode.NotSignedIn,
                ErrorCode.UnknownProvider,
                ErrorCode.ReauthenticationRequired,
                ErrorCode.ProviderUnavailable,
                ErrorCode.Unexpected)
            .WithSummary("Start the redirect sign-in, or a link, at a provider.")
            .WithDescription("Authorization code with PKCE: 302 to the provider's authorization endpoint, with the state sealed (Data Protection) as the state parameter, nothing stored, and bound to this browser by a pre-login cookie (SameSite=Lax). returnUrl, a path of this site, is where the callback sends the browser; anything else becomes '/'. With link=true, from a session opened within Auth:Sessions:ReauthenticationWindow, the provider's account is linked to the session's user instead. A refusal is a 302 to /?signInError=<code>, or for a link to returnUrl?linkError=<code>.");

        group.MapGet("/callback", CompleteRedirectSignIn)
            .WithName(nameof(CompleteRedirectSignIn))
            .RequireRateLimiting(SignInRateLimiting.SignInPolicy)
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
                ErrorCode.LoginInUse,
                ErrorCode.Unexpected)
            .WithSummary("Where the provider sends the browser back.")
            .WithDescription("Checks the state and its binding, and iss (RFC 9207) where present or where the provider says it sends it, redeems the code with its PKCE verifier, verifies the ID token as POST /api/auth/{provider} does, sets the session cookie and 302s to the return URL; any failure 302s to /?signInError=<code>. A state started to link links instead, opens no session, and 302s to returnUrl?linked=<provider>, or once the state is found, returnUrl?linkError=<code>.");

        return group;
    }

    public static async Task<RedirectHttpResult> StartRedirectSignIn(
        string provider,
        string? returnUrl,
        HttpContext httpContext,
        ISender sender,
        ILogger<RedirectSignInFailure> logger,
        CancellationToken cancellationToken,
        bool link = false)
    {
        // A failure goes back where the person started: the account page for a link, the sign-in page otherwise.
        RedirectHttpResult Failed(ErrorCode code) => link
            ? Back(AuthorizationState.LocalReturnUrl(returnUrl), "linkError", code)
            : Back(CompleteRedirectSignInHandler.SignInPage, "signInError", code);

        // Only from this site's pages (or a typed or bookmarked address): another site must not sign a
        // visitor in, at a provider that would approve silently, without the visitor asking.
        if (httpContext.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return Failed(ErrorCode.CrossSiteStart);
        }

        // Linking is for the holder of a session (SameSite=Strict: it comes only with this site's own navigations).
        if (link && httpContext.User.Identity?.IsAuthenticated != true)
        {
            return Failed(ErrorCode.NotSignedIn);
        }

        try
        {
            var started = await sender.Send(
                new StartRedirectSignInCommand(
                    provider,
                    returnUrl,
                    PreLoginCookie.RedirectBinding.Read(httpContext.Request),
                    CallbackUrl(httpContext, provider),
                    link ? null : SessionCookie.Read(httpContext.Request),
                    link ? httpContext.User.GetSessionId() : null),
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
                CallbackUrl(httpContext, provider),
                SessionCookie.Read(httpContext.Request),
                httpContext.Request.Headers.UserAgent.ToString(),
                httpContext.Connection.RemoteIpAddress?.ToString(),
                iss),
            cancellationToken);

        switch (completion)
        {
            case RedirectCompletion.SignedIn signedIn:
                SessionCookie.Append(httpContext.Response, signedIn.Session.SessionToken, signedIn.Session.ExpiresAt);
                return TypedResults.Redirect(signedIn.ReturnUrl);
            case RedirectCompletion.Linked linked:
                return TypedResults.Redirect(QueryHelpers.AddQueryString(linked.ReturnUrl, "linked", linked.Login.Provider));
            case RedirectCompletion.Failed failed:
                return Back(failed.ReturnUrl, failed.WhileLinking ? "linkError" : "signInError", RedirectSignInFailure.Code(failed.Refusal, logger));
            default:
                throw new InvalidOperationException($"Unknown completion {completion.GetType().Name}.");
        }
    }

    /// <summary>This app's callback for the provider, as the browser reaches it (behind a known proxy, its public address).</summary>
    private static Uri CallbackUrl(HttpContext httpContext, string provider)
    {
        var request = httpContext.Request;
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/api/auth/{Uri.EscapeDataString(provider.ToLowerInvariant())}/callback");
    }

    /// <summary>To a page of this site, with the refusal's code in <paramref name="parameter"/>.</summary>
    private static RedirectHttpResult Back(string page, string parameter, ErrorCode code) =>
        TypedResults.Redirect(QueryHelpers.AddQueryString(page, parameter, code.Name()));
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
            LogRefused(logger, name, refusalType);
            return code;
        }

        LogUnexpected(logger, refusal);
        return ErrorCode.Unexpected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redirect sign-in refused: {Code} ({RefusalType})")]
    private static partial void LogRefused(ILogger logger, string code, string refusalType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redirect sign-in failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
