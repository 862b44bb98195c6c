using System.Globalization;
using System.Text.Json.Nodes;
using GoogleLogin.WebApi.Endpoints;
using GoogleLogin.WebApi.ErrorHandling;
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
            options.AddSchemaTransformer(AddCodeAndTraceIdToProblems);
        });

    /// <summary>
    /// Every ProblemDetails the app writes carries its code (see ErrorCatalogue) and the trace ID of its log
    /// lines (see DependencyInjection).
    /// </summary>
    private static Task AddCodeAndTraceIdToProblems(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            schema.Properties[ProblemResponses.CodeMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. ErrorCatalogue.Codes.Select(code => (JsonNode)JsonValue.Create(code.Name()))],
                Description = "What was refused, as a stable code: clients key their messages by it, not by the title.",
            };
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Matches the server's log lines for this request.",
            };
            schema.Properties[ErrorCatalogue.SignInWithMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "email_conflict only: the route name of a provider the existing account signs in with, to offer its button.",
            };
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            schema.Required.Add(ProblemResponses.CodeMember);
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

        // Each answer's codes, for clients that check what they get: a browser navigation's all go with its 302.
        var codes = ProblemAnswers.Codes(context.Description.ActionDescriptor.EndpointMetadata);
        foreach (var (status, answer) in responses)
        {
            var answered = codes.Where(code => status == "302" || code.Describe().Status.ToString(CultureInfo.InvariantCulture) == status).ToList();
            if (answered.Count > 0 && answer is OpenApiResponse withCodes)
            {
                withCodes.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
                withCodes.Extensions["x-error-codes"] = new JsonNodeExtension(new JsonArray([.. answered.Select(code => (JsonNode)JsonValue.Create(code.Name()))]));
            }
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
