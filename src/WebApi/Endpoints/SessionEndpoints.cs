using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Application.Auth.RevokeAllSessions;
using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Users;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.ErrorHandling;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>The signed-in user's sessions: signing out here, elsewhere or everywhere, and revoking one.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous: for a page load, a signed-out visitor is an answer, not a refusal (no 401 in the browser's console).
        app.MapGroup("/api").WithTags("Sessions").DeclaresRefusals()
            .MapGet("/session", GetSessionState)
            .WithName(nameof(GetSessionState))
            // The session is read from the database when this instance has not cached it.
            .Refuses(ErrorCode.DatabaseUnavailable)
            .WithSummary("Whether this browser is signed in, and as whom.")
            .WithDescription("{ signedIn: true, user, recentSignInUntil } for a live session cookie; { signedIn: false, user: null, recentSignInUntil: null } without one, or for a cookie whose session has ended (the cookie is cleared). What a page asks on loading; the user's own resources still answer 401 without a session.");

        var group = app.MapGroup("/api/auth").WithTags("Sessions").RequireSignedInUser();

        group.MapPost("/logout", Logout)
            .WithName(nameof(Logout))
            .WithSummary("Sign out: revoke this session.")
            .WithDescription("Revokes the current session in the database (on every instance at once) and clears its cookie.");

        group.MapPost("/logout-all", LogoutEverywhere)
            .WithName(nameof(LogoutEverywhere))
            .WithSummary("Sign out everywhere.")
            .WithDescription("Revokes every session of the signed-in user, this one included, and clears this browser's cookie.");

        group.MapPost("/logout-others", LogoutElsewhere)
            .WithName(nameof(LogoutElsewhere))
            .WithSummary("Sign out everywhere else.")
            .WithDescription("Revokes every session of the signed-in user but this one.");

        group.MapGet("/sessions", ListSessions)
            .WithName(nameof(ListSessions))
            .WithSummary("The signed-in user's active sessions.")
            .WithDescription("Every session of the user that has not ended, with its browser, address and times; this browser's is marked current.");

        group.MapDelete("/sessions/{id:guid}", RevokeSession)
            .WithName(nameof(RevokeSession))
            .Refuses(ErrorCode.NotFound)
            .WithSummary("Revoke one of the signed-in user's sessions.")
            .WithDescription("Ends the session at once on every instance; revoking this browser's own clears its cookie. A session of another user is answered as not found.");

        return group;
    }

    public static Results<Ok<SessionStateResponse>, ChallengeHttpResult> GetSessionState(HttpContext httpContext, IOptions<Application.Auth.SessionOptions> sessionOptions)
    {
        if (httpContext.Features.Get<AuthenticatedSession>() is { } session)
        {
            return TypedResults.Ok(new SessionStateResponse(SignedIn: true, session.User, sessionOptions.Value.RecentSignInUntil(session.SignedInAt)));
        }

        if (SessionAuthenticationHandler.CouldNotCheck(httpContext))
        {
            // The session may well be alive: the challenge answers 503 and keeps the cookie.
            return TypedResults.Challenge();
        }

        SessionCookie.DeleteIfSent(httpContext);
        return TypedResults.Ok(new SessionStateResponse(SignedIn: false, User: null, RecentSignInUntil: null));
    }

    public static async Task<NoContent> Logout(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        var current = httpContext.User.GetSessionId();
        await sender.Send(new RevokeSessionCommand(httpContext.User.GetUserId(), current, current), cancellationToken);
        SessionCookie.Delete(httpContext.Response);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutEverywhere(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeAllSessionsCommand(httpContext.User.GetUserId()), cancellationToken);
        SessionCookie.Delete(httpContext.Response);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutElsewhere(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeAllSessionsCommand(httpContext.User.GetUserId(), KeepSessionId: httpContext.User.GetSessionId()), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<SessionDto>>> ListSessions(HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListSessionsQuery(httpContext.User.GetUserId(), httpContext.User.GetSessionId()), cancellationToken));

    public static async Task<NoContent> RevokeSession(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeSessionCommand(httpContext.User.GetUserId(), id, httpContext.User.GetSessionId()), cancellationToken);
        if (id == httpContext.User.GetSessionId())
        {
            SessionCookie.Delete(httpContext.Response);
        }

        return TypedResults.NoContent();
    }
}

/// <param name="SignedIn">Whether the request carried a live session cookie.</param>
/// <param name="User">The signed-in user; null when signed out.</param>
/// <param name="RecentSignInUntil">
/// When this session stops counting as a recent sign-in (its sign-in + <c>Auth:Sessions:ReauthenticationWindow</c>):
/// until then, changing sign-in methods needs no new sign-in. Null when signed out.
/// </param>
public sealed record SessionStateResponse(bool SignedIn, UserDto? User, DateTimeOffset? RecentSignInUntil);
