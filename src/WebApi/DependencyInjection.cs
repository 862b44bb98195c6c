using System.Text.Json;
using System.Text.Json.Serialization;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
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

        services.AddOptions<BrandOptions>()
            .BindConfiguration(BrandOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<HostingOptions>()
            .BindConfiguration(HostingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Lets a user's report be matched with the server's log line.
            var activity = context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity
                ?? System.Diagnostics.Activity.Current;
            context.ProblemDetails.Extensions["traceId"] = activity?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
            // What the framework answers by itself (a body that does not bind, a path that matches nothing) has a code too.
            context.ProblemDetails.Extensions.TryAdd(
                ProblemResponses.CodeMember,
                ErrorCatalogue.ForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode).Name());
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentClient, HttpCurrentClient>();
        services.AddSignInRateLimiting();

        // Numbers are numbers: the web default also reads them from strings, and the document would say so.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // Documented string sets, written as the API spells them, and so enums in the OpenAPI document.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter<SecurityEventType>(JsonNamingPolicy.SnakeCaseLower));
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter<SignInMethod>(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddOpenApiDocument();

        return services;
    }
}
