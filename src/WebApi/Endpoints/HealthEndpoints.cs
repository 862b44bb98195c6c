using GoogleLogin.Infrastructure;
using GoogleLogin.WebApi.ErrorHandling;
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
        var group = app.MapGroup("/health").WithTags("Health").DeclaresRefusals();

        group.MapGet("/live", Live)
            .WithName(nameof(Live))
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithSummary("Liveness: the process answers.")
            .WithDescription("Answers \"Healthy\" as plain text while the process runs, whatever its database's state; for an orchestrator's liveness probe.");

        group.MapGet("/ready", Ready)
            .WithName(nameof(Ready))
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Refuses(ErrorCode.NotReady)
            .WithSummary("Readiness: the app can reach its database.")
            .WithDescription("Answers \"Healthy\" as plain text when every readiness check passes, or 503 (not_ready) naming the failing checks; for a load balancer's or orchestrator's readiness probe.");

        return group;
    }

    public static ContentHttpResult Live(HttpContext httpContext)
    {
        // A probe must see the answer of now, never a cached one.
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(Healthy, "text/plain");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Ready(
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
        return ProblemResponses.Result(ErrorCode.NotReady, $"Failing checks: {failing}.");
    }
}
