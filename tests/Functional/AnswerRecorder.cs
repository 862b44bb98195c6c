using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace GoogleLogin.Tests.Functional;

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
