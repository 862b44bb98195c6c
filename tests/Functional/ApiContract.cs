using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The committed OpenAPI document (docs/openapi.json), and a recorder of what the app really answers:
/// every functional test's app checks, when disposed, that each status and content type it sent is one
/// the document declares for that operation.
/// </summary>
public static partial class ApiContract
{
    private static readonly Lazy<JsonObject> CommittedDocument = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot!, "docs", "openapi.json")))!.AsObject());

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A fresh copy of the committed document.</summary>
    public static JsonObject Document => CommittedDocument.Value.DeepClone().AsObject();

    /// <summary>The answers that <paramref name="document"/> does not declare, described for a test failure.</summary>
    public static IReadOnlyList<string> Undeclared(IEnumerable<ObservedAnswer> answers, JsonObject document)
    {
        var problems = new List<string>();
        foreach (var answer in answers.Distinct())
        {
            var responses = document["paths"]?[answer.Path]?[answer.Method.ToLowerInvariant()]?["responses"];
            var declared = responses?[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (declared is null)
            {
                problems.Add($"{answer.Method} {answer.Path} answered {answer.Status}, which the document does not declare");
            }
            else if (answer.MediaType is not null && declared["content"]?[answer.MediaType] is null)
            {
                problems.Add($"{answer.Method} {answer.Path} answered {answer.Status} as {answer.MediaType}, which the document does not declare");
            }
        }

        return problems;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GoogleLogin.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GoogleLogin.sln not found above the test assembly.");
    }

    /// <summary>"/api/auth/sessions/{id:guid}" as the document writes it: "/api/auth/sessions/{id}".</summary>
    internal static string DocumentPath(string routePattern) =>
        "/" + RouteConstraint().Replace(routePattern.TrimStart('/'), "{$1}");

    [GeneratedRegex(@"\{([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}

/// <summary>One answer of a documented endpoint: its operation, status and body media type (null when it has no body).</summary>
public sealed record ObservedAnswer(string Method, string Path, int Status, string? MediaType);

/// <summary>Records the answer of every request that reached a documented endpoint.</summary>
public sealed class AnswerRecorder : IStartupFilter
{
    private readonly ConcurrentQueue<ObservedAnswer> _answers = new();

    public IReadOnlyCollection<ObservedAnswer> Answers => _answers;

    /// <summary>The answers recorded since the last call, so each test checks its own.</summary>
    public IReadOnlyList<ObservedAnswer> TakeAll()
    {
        var taken = new List<ObservedAnswer>();
        while (_answers.TryDequeue(out var answer))
        {
            taken.Add(answer);
        }

        return taken;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            // The exception handler forgets the endpoint before it writes its answer; this remembers it.
            var endpointFeature = new RememberingEndpointFeature();
            context.Features.Set<IEndpointFeature>(endpointFeature);
            await nextMiddleware(context);

            if (endpointFeature.Matched is RouteEndpoint endpoint &&
                endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true } &&
                endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null &&
                endpoint.RoutePattern.RawText is { } pattern)
            {
                var mediaType = MediaTypeHeaderValue.TryParse(context.Response.ContentType, out var parsed) ? parsed.MediaType.Value : null;
                _answers.Enqueue(new ObservedAnswer(context.Request.Method, ApiContract.DocumentPath(pattern), context.Response.StatusCode, mediaType));
            }
        });
        next(app);
    };

    private sealed class RememberingEndpointFeature : IEndpointFeature
    {
        private Endpoint? _endpoint;

        public Endpoint? Matched { get; private set; }

        public Endpoint? Endpoint
        {
            get => _endpoint;
            set
            {
                _endpoint = value;
                Matched = value ?? Matched;
            }
        }
    }
}
