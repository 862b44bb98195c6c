using GoogleLogin.Application.Auth.Reauthenticate;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Domain.Common;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// Signing in again in place ("sudo mode"): the signed-in person proves it is them now, with one of their own
/// sign-in methods, and the session is renewed (so it counts as a recent sign-in) without signing them out.
/// </summary>
internal static class ReauthenticationEndpoints
{
    public static RouteGroupBuilder MapReauthenticationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/reauthenticate/{provider}").WithTags("Re-authentication").RequireSignedInUser();

        group.MapPost(string.Empty, Reauthenticate)
            .WithName(nameof(Reauthenticate))
            .TakesIdToken()
            .Refuses(
                ErrorCode.TokenRejected,
                ErrorCode.ReauthenticationMismatch,
                ErrorCode.NotAllowed,
                ErrorCode.AccountDisabled,
                ErrorCode.UnknownProvider,
                ErrorCode.ProviderUnavailable,
                // Its login removed while it ran, twice over; or a deadlock.
                ErrorCode.ChangedMeanwhile)
            .WithSummary("Sign in again in place with an ID token, renewing this session.")
            .WithDescription("Verifies the ID token and its nonce as POST /api/auth/{provider} does; the account must be one of the signed-in user's sign-in methods (403 reauthentication_mismatch otherwise, and the session stays as it was). The session is renewed: a new one, with a new cookie, replaces it (the old one ends with no session_revoked event, and one reauthenticated event is recorded), so it counts as a recent sign-in from now. Nothing else is signed out.");

        group.MapPost("/start", StartReauthentication)
            .WithName(nameof(StartReauthentication))
            .Accepts<StartReauthenticationRequest>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(Limits.SignInRequestBytes))
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            .Refuses(ErrorCode.UnknownProvider, ErrorCode.ProviderUnavailable)
            .WithSummary("Start signing in again in place at a redirect provider.")
            .WithDescription("Seals the redirect's state for this session (nothing is stored), sets the redirect pre-login cookie (as GET /api/auth/{provider}/start does) and answers the provider's authorization URL, asking for a fresh sign-in (max_age=0, and prompt=login where the provider accepts it), for the page to send the browser to. A same-origin request with X-CSRF, never a navigation another site or a mail could send. The callback renews this session, if it is still live and the account is one of its user's sign-in methods, and goes back to returnUrl?reauthenticated=<provider>, or on failure to returnUrl?reauthError=<code> with the session as it was. returnUrl, a path of this site, is where it comes back to; anything else becomes '/'.");

        return group;
    }

    public static async Task<Ok<SessionStateResponse>> Reauthenticate(
        string provider,
        SignInRequest request,
        HttpContext httpContext,
        ISender sender,
        IOptions<Application.Auth.SessionOptions> sessionOptions,
        CancellationToken cancellationToken)
    {
        var issued = await sender.Send(
            new ReauthenticateCommand(
                httpContext.User.GetSessionId(),
                provider,
                request.IdToken ?? string.Empty,
                request.Nonce,
                PreLoginCookie.NonceBinding.Read(httpContext.Request),
                httpContext.Request.Headers.UserAgent.ToString(),
                httpContext.Connection.RemoteIpAddress?.ToString()),
            cancellationToken);

        SessionCookie.Append(httpContext.Response, issued.SessionToken, issued.ExpiresAt);
        return TypedResults.Ok(new SessionStateResponse(SignedIn: true, issued.User, sessionOptions.Value.RecentSignInUntil(issued.SignedInAt)));
    }

    public static async Task<Ok<StartLinkResponse>> StartReauthentication(
        string provider,
        StartReauthenticationRequest request,
        HttpContext httpContext,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var started = await sender.Send(
            new StartRedirectSignInCommand(
                provider,
                request.ReturnUrl,
                PreLoginCookie.RedirectBinding.Read(httpContext.Request),
                PublicOrigin.CallbackUrl(httpContext.Request, provider),
                PresentedSessionToken: null,
                ReauthenticatingSessionId: httpContext.User.GetSessionId()),
            cancellationToken);
        PreLoginCookie.RedirectBinding.Append(httpContext.Response, started.Binding);
        return TypedResults.Ok(new StartLinkResponse(started.AuthorizationUrl.AbsoluteUri));
    }
}

/// <param name="ReturnUrl">
/// The page of this site the provider's return comes back to, with <c>?reauthenticated=</c> or <c>?reauthError=</c>;
/// anything else becomes <c>/</c>.
/// </param>
public sealed record StartReauthenticationRequest(string? ReturnUrl = null)
{
    public override string ToString() => nameof(StartReauthenticationRequest);
}
