using GoogleLogin.Application.Audit.ListActivity;
using GoogleLogin.Application.Users;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Application.Users.UnlinkLogin;
using GoogleLogin.Domain.Common;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GoogleLogin.WebApi.Endpoints;

internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization().AnswersMiddlewareProblems();

        group.MapGet("/me", GetCurrentUser)
            .WithSummary("The signed-in user.");

        group.MapGet("/me/logins", ListLogins)
            .WithSummary("The signed-in user's ways to sign in: one per linked provider account.");

        group.MapPost("/me/logins/{provider}", LinkLogin)
            .TakesIdToken()
            .AnswersProblem(
                StatusCodes.Status401Unauthorized,
                "No session; or the ID token failed verification, or its nonce is missing, unknown, expired, used, not the one sent, or another browser's.")
            .AnswersProblem(
                StatusCodes.Status403Forbidden,
                $"The session was opened too long ago: sign in again to change sign-in methods; or the account is outside the allowed hosted domains; or the request lacks '{CsrfProtectionMiddleware.HeaderName}: 1' or comes from another origin.")
            .AnswersProblem(StatusCodes.Status404NotFound, "No identity provider of that name is configured.")
            .AnswersProblem(StatusCodes.Status409Conflict, "The provider account already signs in to another user.")
            .AnswersProblem(StatusCodes.Status503ServiceUnavailable, "The identity provider's signing keys cannot be obtained right now.")
            .WithSummary("Link another provider account to the signed-in user, by its ID token, from a session opened within the re-authentication window.");

        group.MapDelete("/me/logins/{id:guid}", UnlinkLogin)
            .AnswersProblem(StatusCodes.Status404NotFound, "The signed-in user has no login with that ID.")
            .AnswersProblem(StatusCodes.Status409Conflict, "It is the user's only login: link another first.")
            .WithSummary("Remove one of the signed-in user's logins; never the last.");

        group.MapGet("/me/activity", ListActivity)
            .AnswersProblem(
                StatusCodes.Status400BadRequest,
                $"limit is not between 1 and {ListActivityQuery.MaxLimit}, or before is not an event id.",
                typeof(HttpValidationProblemDetails))
            .WithSummary(
                $"The signed-in user's security activity, newest first: limit events (default {ListActivityQuery.DefaultLimit}), " +
                "and with before=<id>, only those older than that event.");

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

    public static async Task<Ok<IReadOnlyList<SecurityEventDto>>> ListActivity(
        HttpContext httpContext,
        ISender sender,
        CancellationToken cancellationToken,
        int limit = ListActivityQuery.DefaultLimit,
        long? before = null) =>
        TypedResults.Ok(await sender.Send(new ListActivityQuery(httpContext.User.GetUserId(), limit, before), cancellationToken));

    public static async Task<NoContent> UnlinkLogin(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new UnlinkLoginCommand(httpContext.User.GetUserId(), id), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The user as the session check read it, with the session, in one query (or from its cache).</summary>
    public static Ok<UserDto> GetCurrentUser(HttpContext httpContext) =>
        TypedResults.Ok(httpContext.GetAuthenticatedSession().User);
}
