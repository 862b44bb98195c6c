using GoogleLogin.Application.Users;
using GoogleLogin.Application.Users.GetCurrentUser;
using GoogleLogin.WebApi.Authentication;
using Mediator;
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

    public static async Task<Ok<UserDto>> GetCurrentUser(HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCurrentUserQuery(httpContext.User.GetUserId()), cancellationToken));
}
