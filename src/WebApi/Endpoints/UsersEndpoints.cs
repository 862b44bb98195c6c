using GoogleLogin.Application.Audit.ListActivity;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Users;
using GoogleLogin.Application.Users.ConfirmPendingLink;
using GoogleLogin.Application.Users.DeclinePendingLink;
using GoogleLogin.Application.Users.GetPendingLink;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Application.Users.UnlinkLogin;
using GoogleLogin.Domain.Common;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GoogleLogin.WebApi.Endpoints;

internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireSignedInUser();

        group.MapGet("/me", GetCurrentUser)
            .WithName(nameof(GetCurrentUser))
            .WithSummary("The signed-in user.")
            .WithDescription("The user as the session check read it: id, email, names and picture.");

        group.MapGet("/me/logins", ListLogins)
            .WithName(nameof(ListLogins))
            .WithSummary("The signed-in user's ways to sign in.")
            .WithDescription("One per linked provider account, oldest first, with the email that provider last gave and when it was linked and last used.");

        group.MapPost("/me/logins/{provider}", LinkLogin)
            .WithName(nameof(LinkLogin))
            .TakesIdToken()
            .Refuses(
                ErrorCode.TokenRejected,
                ErrorCode.ReauthenticationRequired,
                ErrorCode.NotAllowed,
                ErrorCode.AccountDisabled,
                ErrorCode.UnknownProvider,
                ErrorCode.LoginInUse,
                ErrorCode.ProviderUnavailable)
            .WithSummary("Link another provider account by its ID token.")
            .WithDescription("Adds a way to sign in to the signed-in user: another provider's account, proved by its ID token with a nonce from POST /api/auth/nonce (the sign-in's rules), from a session opened within Auth:Sessions:ReauthenticationWindow, so a stolen older session cannot add its thief's login. Linking one already linked answers it again.");

        group.MapPost("/me/logins/{provider}/start", StartLink)
            .WithName(nameof(StartLink))
            .Accepts<StartLinkRequest>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(Limits.SignInRequestBytes))
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            .Refuses(ErrorCode.ReauthenticationRequired, ErrorCode.UnknownProvider, ErrorCode.ProviderUnavailable)
            .WithSummary("Start linking a redirect provider's account.")
            .WithDescription("From a session opened within Auth:Sessions:ReauthenticationWindow: stores the redirect's state for this session's user, sets the redirect pre-login cookie (as GET /api/auth/{provider}/start does) and answers the provider's authorization URL (asking the person to choose the account, prompt=select_account, where the provider lists it in prompt_values_supported, else to sign in afresh, prompt=login) for the page to send the browser to. A same-origin request with X-CSRF, never a navigation another site or a mail could send. The provider's return to the callback then holds the account for this session to confirm (returnUrl?pendingLink=<id>). returnUrl, a path of this site, is where it comes back to; anything else becomes '/'.");

        group.MapGet("/me/logins/pending/{id:guid}", GetPendingLink)
            .WithName(nameof(GetPendingLink))
            .Refuses(ErrorCode.NotFound)
            .WithSummary("The account a redirect link holds for this session to confirm.")
            .WithDescription("After a redirect provider sends the browser back from a link (to returnUrl?pendingLink=<id>), the account it verified waits here, for this session only and for a few minutes: its provider and email, so the person sees what confirming would add. Another session's, an expired or an unknown one is 404.");

        group.MapPost("/me/logins/pending/{id:guid}", ConfirmPendingLink)
            .WithName(nameof(ConfirmPendingLink))
            .Refuses(
                ErrorCode.ReauthenticationRequired,
                ErrorCode.NotFound,
                ErrorCode.AccountDisabled,
                ErrorCode.LoginInUse)
            .WithSummary("Add the account a redirect link holds.")
            .WithDescription("Links the held account to the signed-in user by the rules of POST /api/users/me/logins/{provider}, checked again now: from the session that started the link, still within Auth:Sessions:ReauthenticationWindow. Nothing a redirect link verifies is linked without this request. Confirmed once; then, like another session's, an expired or an unknown one, it is 404.");

        group.MapDelete("/me/logins/pending/{id:guid}", DeclinePendingLink)
            .WithName(nameof(DeclinePendingLink))
            .Refuses(ErrorCode.NotFound)
            .WithSummary("Decline the account a redirect link holds.")
            .WithDescription("Forgets the held account; nothing is linked.");

        group.MapDelete("/me/logins/{id:guid}", UnlinkLogin)
            .WithName(nameof(UnlinkLogin))
            .Refuses(ErrorCode.ReauthenticationRequired, ErrorCode.NotFound, ErrorCode.LastLogin, ErrorCode.ChangedMeanwhile)
            .WithSummary("Remove one of the signed-in user's logins.")
            .WithDescription("Removes the login, from a session opened within Auth:Sessions:ReauthenticationWindow (403, reauthentication_required), never the last (409, last_login), and revokes every session opened through it on every instance. When this session was one of them, its cookie is cleared and sessionEnded is true: the caller is signed out. A login of another user is answered as not found.");

        group.MapGet("/me/activity", ListActivity)
            .WithName(nameof(ListActivity))
            .Refuses(ErrorCode.ValidationFailed, ErrorCode.MalformedRequest)
            .WithSummary("The signed-in user's security activity, newest first.")
            .WithDescription("Sign-ins, sign-outs, revocations, links and unlinks, and refused sign-ins naming the user, with the address and browser of the request that caused each: limit events (default 50, at most 100), and with before=<id> only those older than that event.");

        return group;
    }

    public static async Task<Ok<IReadOnlyList<LoginDto>>> ListLogins(HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListLoginsQuery(httpContext.User.GetUserId()), cancellationToken));

    public static async Task<Ok<LoginDto>> LinkLogin(
        string provider,
        SignInRequest request,
        HttpContext httpContext,
        ISender sender,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(
            new LinkLoginCommand(
                httpContext.User.GetSessionId(),
                provider,
                request.IdToken ?? string.Empty,
                request.Nonce,
                PreLoginCookie.NonceBinding.Read(httpContext.Request)),
            cancellationToken));

    public static async Task<Ok<StartLinkResponse>> StartLink(
        string provider,
        StartLinkRequest request,
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
                LinkingSessionId: httpContext.User.GetSessionId()),
            cancellationToken);
        PreLoginCookie.RedirectBinding.Append(httpContext.Response, started.Binding);
        return TypedResults.Ok(new StartLinkResponse(started.AuthorizationUrl.AbsoluteUri));
    }

    public static async Task<Ok<PendingLinkDto>> GetPendingLink(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetPendingLinkQuery(httpContext.User.GetSessionId(), id), cancellationToken));

    public static async Task<Ok<LoginDto>> ConfirmPendingLink(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ConfirmPendingLinkCommand(httpContext.User.GetSessionId(), id), cancellationToken));

    public static async Task<NoContent> DeclinePendingLink(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeclinePendingLinkCommand(httpContext.User.GetSessionId(), id), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<SecurityEventDto>>> ListActivity(
        HttpContext httpContext,
        ISender sender,
        CancellationToken cancellationToken,
        int limit = ListActivityQuery.DefaultLimit,
        long? before = null) =>
        TypedResults.Ok(await sender.Send(new ListActivityQuery(httpContext.User.GetUserId(), limit, before), cancellationToken));

    public static async Task<Ok<LoginUnlinked>> UnlinkLogin(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        var unlinked = await sender.Send(new UnlinkLoginCommand(httpContext.User.GetSessionId(), id), cancellationToken);
        if (unlinked.SessionEnded)
        {
            SessionCookie.Delete(httpContext.Response);
        }

        return TypedResults.Ok(unlinked);
    }

    /// <summary>The user as the session check read it, with the session, in one query (or from its cache).</summary>
    public static Ok<UserDto> GetCurrentUser(HttpContext httpContext) =>
        TypedResults.Ok(httpContext.GetAuthenticatedSession().User);
}

/// <param name="ReturnUrl">The page of this site the provider's return comes back to (with <c>?pendingLink=</c>); anything else becomes <c>/</c>.</param>
public sealed record StartLinkRequest(string? ReturnUrl = null)
{
    public override string ToString() => nameof(StartLinkRequest);
}

/// <param name="RedirectTo">The provider's authorization URL: send the browser there.</param>
public sealed record StartLinkResponse(string RedirectTo)
{
    // It carries the redirect's state.
    public override string ToString() => nameof(StartLinkResponse);
}
