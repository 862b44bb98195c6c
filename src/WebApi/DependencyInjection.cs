using System.Text.Json.Serialization;
using GoogleLogin.Application.Common.Interfaces;
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

        services.AddOptions<InstanceOptions>()
            .BindConfiguration(InstanceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

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
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentClient, HttpCurrentClient>();
        services.AddSignInRateLimiting();

        // Numbers are numbers: the web default also reads them from strings, and the document would say so.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApiDocument();

        return services;
    }
}
