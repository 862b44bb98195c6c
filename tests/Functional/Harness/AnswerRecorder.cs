using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// One answer of a documented endpoint: its operation, status, body media type (null when it has no body) and
/// error code: a ProblemDetails body's <c>code</c>, or a redirect's <c>signInError</c> or <c>linkError</c>.
/// </summary>
public sealed record ObservedAnswer(string Method, string Path, int Status, string? MediaType, string? Code = null);

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
            var body = context.Response.Body;
            await using var copy = new FirstBytesCopy(body);
            context.Response.Body = copy;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = body;
            }

            if (endpointFeature.Matched is RouteEndpoint endpoint &&
                endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true } &&
                endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null &&
                endpoint.RoutePattern.RawText is { } pattern)
            {
                var mediaType = MediaTypeHeaderValue.TryParse(context.Response.ContentType, out var parsed) ? parsed.MediaType.Value : null;
                _answers.Enqueue(new ObservedAnswer(
                    context.Request.Method,
                    ApiContract.DocumentPath(pattern),
                    context.Response.StatusCode,
                    mediaType,
                    mediaType == "application/problem+json" ? ProblemCode(copy.Bytes) : RedirectCode(context.Response.Headers.Location.ToString())));
            }
        });
        next(app);
    };

    /// <summary>A ProblemDetails body's <c>code</c>.</summary>
    public static string? ProblemCode(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code) ? code.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The code a redirect carries to the app: <c>signInError</c> or <c>linkError</c>.</summary>
    public static string? RedirectCode(string location)
    {
        if (location.Length == 0)
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://app.test"), location).Query);
        return query.TryGetValue("signInError", out var signInError) ? signInError.ToString()
            : query.TryGetValue("linkError", out var linkError) ? linkError.ToString()
            : null;
    }

    /// <summary>Passes every write on, and keeps a copy of the first bytes: enough for any error body.</summary>
    private sealed class FirstBytesCopy(Stream inner) : Stream
    {
        private const int Kept = 64 * 1024;
        private readonly MemoryStream _copy = new();

        public byte[] Bytes => _copy.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = Kept - (int)_copy.Length;
            if (room > 0)
            {
                _copy.Write(bytes[..Math.Min(room, bytes.Length)]);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }

            base.Dispose(disposing);
        }
    }

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
