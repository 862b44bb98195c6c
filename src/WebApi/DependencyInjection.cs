using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Security;
using Microsoft.AspNetCore.Authentication;

namespace GoogleLogin.WebApi;

public static class DependencyInjection
{
    public static IServiceCollection AddWebApi(this IServiceCollection services)
    {
        services.AddMediatorPipeline();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Lets a user's report be matched with the server's log line.
            var activity = context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity
                ?? System.Diagnostics.Activity.Current;
            context.ProblemDetails.Extensions["traceId"] = activity?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddSignInRateLimiting();

        services.AddOpenApi(options => options.AddOperationTransformer((operation, _, _) =>
        {
            // In status order, as a reader scans them; metadata adds them in the order conventions run.
            if (operation.Responses is { Count: > 1 } responses)
            {
                var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                responses.Clear();
                foreach (var (status, response) in sorted)
                {
                    responses.Add(status, response);
                }
            }

            return Task.CompletedTask;
        }));
        return services;
    }
}
