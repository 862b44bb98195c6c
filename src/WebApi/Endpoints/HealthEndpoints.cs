using GoogleLogin.Infrastructure;
using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoogleLogin.WebApi.Endpoints;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Live: the process answers. Ready: it can reach its database and take traffic.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthCheckTags.Ready),
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    /// <summary>"Healthy" as plain text, as probes expect; a failure is a ProblemDetails like every other error.</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Healthy");
            return;
        }

        var failing = string.Join(", ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key));
        await context.WriteProblemAsync(context.Response.StatusCode, $"Not ready: {report.Status}", $"Failing checks: {failing}.");
    }
}
