using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// An OpenID Connect provider on loopback, for tests: discovery documents and a key set. Any path is an
/// authority: <c>{Url}/acme</c> publishes the issuer <c>{Url}/acme</c>; Microsoft's multi-tenant
/// authorities (<c>{Url}/common/v2.0</c>, <c>{Url}/organizations/v2.0</c>) publish
/// <c>{Url}/{tenantid}/v2.0</c>, as login.microsoftonline.com does. Tests change what it serves while it runs.
/// </summary>
public sealed class OpenIdConnectTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private List<JsonObject> _keys = [];
    private int _discoveryRequests;

    private OpenIdConnectTestServer(WebApplication app) => _app = app;

    /// <summary>The server's base address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    public string KeySetUrl => $"{Url}/jwks";

    /// <summary>When set, discovery requests get this status and no document.</summary>
    public HttpStatusCode? FailDiscoveryWith { get; set; }

    /// <summary>When set, the issuer every discovery document names instead of its authority.</summary>
    public string? IssuerOverride { get; set; }

    /// <summary>The document's <c>id_token_signing_alg_values_supported</c>.</summary>
    public string[] SigningAlgorithms { get; set; } = ["RS256", "PS256", "ES256"];

    public int DiscoveryRequestCount => Volatile.Read(ref _discoveryRequests);

    public static async Task<OpenIdConnectTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenIdConnectTestServer(app);
        app.MapGet("/jwks", server.ServeKeySetAsync);
        app.MapGet("/{**authority}", server.ServeDiscoveryAsync);
        await app.StartAsync();
        server.Url = app.Urls.Single();
        return server;
    }

    /// <summary>The authority (and, but for the multi-tenant ones, the issuer) at <paramref name="path"/>.</summary>
    public string Authority(string path) => $"{Url}/{path.Trim('/')}";

    /// <summary>The issuer of <paramref name="tenantId"/>'s tokens under a Microsoft-shaped authority.</summary>
    public string TenantIssuer(string tenantId) => $"{Url}/{tenantId}/v2.0";

    /// <summary>Replaces the published keys (JSON Web Keys), as a provider does when it rotates them.</summary>
    public void Publish(params JsonObject[] keys)
    {
        lock (_gate)
        {
            _keys = [.. keys.Select(key => (JsonObject)key.DeepClone())];
        }
    }

    private async Task ServeDiscoveryAsync(HttpContext context, string authority)
    {
        const string suffix = "/.well-known/openid-configuration";
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.EndsWith(suffix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _discoveryRequests);
        if (FailDiscoveryWith is { } status)
        {
            context.Response.StatusCode = (int)status;
            return;
        }

        var authorityPath = path[..^suffix.Length].Trim('/');
        var segments = authorityPath.Split('/');
        var issuer = IssuerOverride ?? (segments[0] is "common" or "organizations"
            ? $"{Url}/{{tenantid}}/{string.Join('/', segments.Skip(1))}"
            : $"{Url}/{authorityPath}");
        var document = new JsonObject
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = KeySetUrl,
            ["authorization_endpoint"] = $"{Url}/{authorityPath}/authorize",
            ["token_endpoint"] = $"{Url}/{authorityPath}/token",
            ["response_types_supported"] = new JsonArray("code", "id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray([.. SigningAlgorithms.Select(a => (JsonNode)a)]),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(document.ToJsonString());
    }

    private async Task ServeKeySetAsync(HttpContext context)
    {
        JsonArray keys;
        lock (_gate)
        {
            keys = [.. _keys.Select(k => k.DeepClone())];
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "public, max-age=3600";
        await context.Response.WriteAsync(new JsonObject { ["keys"] = keys }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
