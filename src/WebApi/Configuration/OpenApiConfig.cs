using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GoogleLogin.WebApi.Configuration;

internal static class OpenApiConfig
{
    /// <summary>The document at /openapi/v1.json, also written to docs/openapi.json by the build.</summary>
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddOperationTransformer(DescribeResponses);
            options.AddSchemaTransformer(AddTraceIdToProblems);
        });

    /// <summary>Every ProblemDetails the app writes carries the trace ID of its log lines (see DependencyInjection).</summary>
    private static Task AddTraceIdToProblems(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Matches the server's log lines for this request.",
            };
        }

        return Task.CompletedTask;
    }

    private static Task DescribeResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is not { } responses)
        {
            return Task.CompletedTask;
        }

        // The rate limiter sets Retry-After on every 429 it answers.
        if (responses.TryGetValue("429", out var tooMany) && tooMany is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds until this address may try again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        // In status order, as a reader scans them; metadata adds them in the order conventions run.
        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, answer) in sorted)
        {
            responses.Add(status, answer);
        }

        return Task.CompletedTask;
    }
}
