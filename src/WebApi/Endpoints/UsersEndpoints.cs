using GoogleLogin.Application.Users;
using GoogleLogin.WebApi.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoogleLogin.WebApi.Endpoints;

internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization().AnswersMiddlewareProblems();

        group.MapGet("/me", GetCurrentUser)
            .WithSummary("The signed-in user.");

        return group;
    }

    /// <summary>The user as the session check read it, with the session, in one query (or from its cache).</summary>
    public static Ok<UserDto> GetCurrentUser(HttpContext httpContext) =>
        TypedResults.Ok(httpContext.GetAuthenticatedSession().User);
}
