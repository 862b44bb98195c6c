using GoogleLogin.Application.Greetings.Greet;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.ErrorHandling;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>Greetings: HTTP in, a Mediator message to the application, its answer out.</summary>
internal static class GreetingEndpoints
{
    public static RouteGroupBuilder MapGreetingEndpoints(this IEndpointRouteBuilder app)
    {
        // Signed-in users only; the document declares 401, 403 CSRF and the rest the pipeline answers.
        var group = app.MapGroup("/api/greetings").WithTags("Greetings").RequireSignedInUser();

        group.MapPost(string.Empty, Greet)
            .WithName(nameof(Greet))
            .Refuses(ErrorCode.ValidationFailed, ErrorCode.NotFound)
            .WithSummary("Greet the signed-in user.")
            .WithDescription("Greets the signed-in user by the name they give (1 to 50 characters).");

        return group;
    }

    public static async Task<Ok<GreetingDto>> Greet(GreetRequest request, HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GreetCommand(httpContext.User.GetUserId(), request.Name ?? string.Empty), cancellationToken));
}

/// <summary>The body of <c>POST /api/greetings</c>.</summary>
public sealed record GreetRequest(string? Name);
