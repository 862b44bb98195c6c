using GoogleLogin.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// Probes for orchestrators. Live: the process answers. Ready: it can reach its database and take
/// traffic. Minimal endpoints rather than MapHealthChecks, so the OpenAPI document describes them.
/// </summary>
internal static class HealthEndpoints
{
    private const string Healthy = "Healthy";

    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");

        group.MapGet("/live", Live)
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithSummary("The process is up: \"Healthy\" as plain text.");

        group.MapGet("/ready", ReadyAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .AnswersProblem(StatusCodes.Status503ServiceUnavailable, "A check failed (the database cannot be reached); the detail names it.")
            .WithSummary("The app can reach its database: \"Healthy\" as plain text, or 503 naming the failing checks.");

        return group;
    }

    public static ContentHttpResult Live(HttpContext httpContext)
    {
        // A probe must see the answer of now, never a cached one.
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(Healthy, "text/plain");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReadyAsync(
        HttpContext httpContext,
        HealthCheckService healthChecks,
        CancellationToken cancellationToken)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        var report = await healthChecks.CheckHealthAsync(check => check.Tags.Contains(HealthCheckTags.Ready), cancellationToken);
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Text(Healthy, "text/plain");
        }

        var failing = string.Join(", ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: $"Not ready: {report.Status}",
            detail: $"Failing checks: {failing}.");
    }
}
