using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// A real HTTP server on loopback that publishes signing keys the way Google's certificate endpoint
/// does. Tests change what it serves (keys, failures, slowness, Cache-Control) while it runs.
/// </summary>
public sealed class KeySetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private List<TestSigningKey> _keys;
    private readonly RequestGauge _requests = new();

    private KeySetServer(WebApplication app, IEnumerable<TestSigningKey> keys)
    {
        _app = app;
        _keys = [.. keys];
    }

    public string Url { get; private set; } = string.Empty;

    /// <summary>How many times the key set has been requested.</summary>
    public int RequestCount => _requests.Count;

    /// <summary>The most key set requests it was answering at one time.</summary>
    public int MaxConcurrentRequests => _requests.MaxConcurrent;

    /// <summary>When set, requests get this status and no key set.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>Delay before answering, to play a slow or hanging key server.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every request is answered with a redirect to this URL.</summary>
    public string? RedirectTo { get; set; }

    /// <summary>When set, sent as the body instead of the key set, to play a broken key server.</summary>
    public string? RawBody { get; set; }

    /// <summary>The Cache-Control header sent with the key set; null sends none.</summary>
    public string? CacheControl { get; set; } = "public, max-age=3600";

    public static async Task<KeySetServer> StartAsync(params TestSigningKey[] keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new KeySetServer(app, keys);
        app.MapGet("/oauth2/v3/certs", server.ServeAsync);
        await app.StartAsync();
        var address = app.Urls.Single();
        server.Url = $"{address}/oauth2/v3/certs";
        return server;
    }

    /// <summary>Replaces the published keys, as a provider does when it rotates them.</summary>
    public void Publish(params TestSigningKey[] keys)
    {
        lock (_gate)
        {
            _keys = [.. keys];
        }
    }

    private Task ServeAsync(HttpContext context) => _requests.MeasureAsync(() => AnswerAsync(context));

    private async Task AnswerAsync(HttpContext context)
    {
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (RedirectTo is { } location)
        {
            context.Response.Redirect(location);
            return;
        }

        if (FailWith is { } status)
        {
            context.Response.StatusCode = (int)status;
            return;
        }

        JsonArray keys;
        lock (_gate)
        {
            keys = [.. _keys.Select(k => (JsonNode)k.ToJwk())];
        }

        if (CacheControl is not null)
        {
            context.Response.Headers.CacheControl = CacheControl;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(RawBody ?? new JsonObject { ["keys"] = keys }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
