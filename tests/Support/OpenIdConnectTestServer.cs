using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
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
/// <c>{Url}/{tenantid}/v2.0</c>, as login.microsoftonline.com does. Each authority also has an
/// authorization endpoint that approves at once (as <see cref="NextSubject"/>) and a token endpoint that
/// checks the client secret, the redirect URI and PKCE (S256) as a real provider does; with
/// <see cref="ServesUserInfo"/>, a userinfo endpoint that answers the holder of an access token it issued.
/// Tests change what it serves while it runs.
/// </summary>
public sealed class OpenIdConnectTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private List<JsonObject> _keys = [];
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _accessTokens = new(StringComparer.Ordinal);
    private readonly RequestGauge _discoveryRequests = new();
    private readonly RequestGauge _keySetRequests = new();
    private int _tokenRequests;
    private int _userInfoRequests;

    private OpenIdConnectTestServer(WebApplication app) => _app = app;

    /// <summary>The server's base address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    public string KeySetUrl => $"{Url}/jwks";

    /// <summary>When set, discovery requests get this status and no document.</summary>
    public HttpStatusCode? FailDiscoveryWith { get; set; }

    /// <summary>
    /// The authority paths whose discovery documents say their answers carry <c>iss</c> (RFC 9207,
    /// <c>authorization_response_iss_parameter_supported</c>), and whose answers then carry it.
    /// </summary>
    public ConcurrentDictionary<string, bool> SendsResponseIssuer { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, the next answer carries this <c>iss</c> instead (an empty one: none at all), whatever its authority sends.</summary>
    public string? NextResponseIssuer { get; set; }

    /// <summary>When set, the issuer every discovery document names instead of its authority.</summary>
    public string? IssuerOverride { get; set; }

    /// <summary>The document's <c>id_token_signing_alg_values_supported</c>.</summary>
    public string[] SigningAlgorithms { get; set; } = ["RS256", "PS256", "ES256"];

    public int DiscoveryRequestCount => _discoveryRequests.Count;

    /// <summary>The most discovery requests it was answering at one time.</summary>
    public int MaxConcurrentDiscoveryRequests => _discoveryRequests.MaxConcurrent;

    public int KeySetRequestCount => _keySetRequests.Count;

    /// <summary>The most key set requests it was answering at one time.</summary>
    public int MaxConcurrentKeySetRequests => _keySetRequests.MaxConcurrent;

    /// <summary>When set, key set requests get this status and no keys.</summary>
    public HttpStatusCode? FailKeySetWith { get; set; }

    /// <summary>Delay before answering a discovery or key set request, to play a slow provider.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The document's <c>token_endpoint_auth_methods_supported</c>; empty leaves it out.</summary>
    public string[] TokenEndpointAuthMethods { get; set; } = ["client_secret_basic", "client_secret_post"];

    /// <summary>Per authority path (such as <c>initech</c>), methods other than <see cref="TokenEndpointAuthMethods"/>.</summary>
    public ConcurrentDictionary<string, string[]> TokenEndpointAuthMethodsOf { get; } = new(StringComparer.Ordinal);

    /// <summary>The client secret the token endpoint expects.</summary>
    public string ClientSecret { get; set; } = "test-client-secret";

    /// <summary>The key that signs the token endpoint's ID tokens.</summary>
    public TestSigningKey? TokenSigningKey { get; set; }

    /// <summary>When set, the <c>iss</c> of the token endpoint's ID tokens (Google's, whose discovery lives at a local authority in tests).</summary>
    public string? TokenIssuerOverride { get; set; }

    /// <summary>When set, the token endpoint answers 307 to this URL instead of redeeming the code.</summary>
    public string? TokenEndpointRedirectsTo { get; set; }

    /// <summary>How many requests reached a token endpoint of this server.</summary>
    public int TokenRequestCount => Volatile.Read(ref _tokenRequests);

    /// <summary>Who the authorization endpoint signs in next.</summary>
    public string NextSubject { get; set; } = "redirect-user";

    /// <summary>When set, the authorization endpoint answers with this <c>error</c> instead of a code.</summary>
    public string? NextError { get; set; }

    /// <summary>With <see cref="NextError"/>, its <c>error_description</c>.</summary>
    public string? NextErrorDescription { get; set; }

    /// <summary>The document's <c>prompt_values_supported</c> (Google's list); null leaves it out, as a strict provider may.</summary>
    public string[]? PromptValues { get; set; } = ["none", "consent", "select_account", "login"];

    /// <summary>When set, the next code is minted for this PKCE challenge rather than the one sent: a code from another flow.</summary>
    public string? NextChallengeOverride { get; set; }

    /// <summary>Whether discovery documents name a userinfo endpoint (<c>{authority}/userinfo</c>).</summary>
    public bool ServesUserInfo { get; set; }

    /// <summary>
    /// Whether the token endpoint's ID tokens carry only who the person is (<c>sub</c>), the profile (email,
    /// names, picture) left to userinfo, as a strictly conforming provider's code flow does (OpenID Connect Core 5.4).
    /// </summary>
    public bool ProfileOnlyInUserInfo { get; set; }

    /// <summary>The clock of its sign-ins: the <c>auth_time</c> of a sign-in asked for with <c>max_age</c> (OpenID Connect Core 2).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>How long before the authorization request the <c>auth_time</c> says the person signed in; null leaves <c>auth_time</c> out.</summary>
    public TimeSpan? AuthTimeAge { get; set; } = TimeSpan.Zero;

    /// <summary>Whether the token endpoint answers with an access token.</summary>
    public bool SendsAccessToken { get; set; } = true;

    /// <summary>How the userinfo endpoint answers the holder of a valid access token.</summary>
    public UserInfoAnswer UserInfoAnswers { get; set; } = UserInfoAnswer.Claims;

    /// <summary>Per subject, the claims userinfo answers instead of its default ones (<c>sub</c> is added when missing).</summary>
    public ConcurrentDictionary<string, JsonObject> UserInfoOf { get; } = new(StringComparer.Ordinal);

    /// <summary>How many requests reached a userinfo endpoint of this server.</summary>
    public int UserInfoRequestCount => Volatile.Read(ref _userInfoRequests);

    /// <summary>The access token the token endpoint issued last.</summary>
    public string? LastAccessToken { get; private set; }

    /// <summary>Whether the last userinfo request carried, as a bearer token, an access token this server issued.</summary>
    public bool? LastUserInfoRequestHadIssuedToken { get; private set; }

    /// <summary>The query of the last authorization request.</summary>
    public IReadOnlyDictionary<string, string> LastAuthorizationRequest { get; private set; } = new Dictionary<string, string>();

    /// <summary>How the client authenticated at the last successful token request: <c>basic</c> or <c>post</c>.</summary>
    public string? LastClientAuthentication { get; private set; }

    public static async Task<OpenIdConnectTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenIdConnectTestServer(app);
        app.MapGet("/jwks", server.ServeKeySetAsync);
        app.MapGet("/{**authority}", server.ServeGetAsync);
        app.MapPost("/{**authority}", server.ServeTokenAsync);
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

    private Task ServeGetAsync(HttpContext context, string authority) => context.Request.Path.Value switch
    {
        { } path when path.EndsWith("/authorize", StringComparison.Ordinal) => ServeAuthorizeAsync(context),
        { } path when path.EndsWith("/userinfo", StringComparison.Ordinal) => ServeUserInfoAsync(context),
        _ => ServeDiscoveryAsync(context),
    };

    private Task ServeAuthorizeAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        LastAuthorizationRequest = query;
        if (!query.TryGetValue("redirect_uri", out var redirectUri) || !query.TryGetValue("state", out var state))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        var authorityPath = context.Request.Path.Value![..^"/authorize".Length].Trim('/');
        var responseIssuer = NextResponseIssuer ?? (SendsResponseIssuer.ContainsKey(authorityPath) ? IssuerOf(authorityPath) : string.Empty);
        NextResponseIssuer = null;
        var iss = responseIssuer.Length > 0 ? $"&iss={Uri.EscapeDataString(responseIssuer)}" : string.Empty;
        var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        if (NextError is { } error)
        {
            var description = NextErrorDescription is { } text ? $"&error_description={Uri.EscapeDataString(text)}" : string.Empty;
            context.Response.Redirect($"{redirectUri}{separator}error={Uri.EscapeDataString(error)}{description}&state={Uri.EscapeDataString(state)}{iss}");
            return Task.CompletedTask;
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        _grants[code] = new Grant(
            query.GetValueOrDefault("client_id") ?? string.Empty,
            redirectUri,
            NextChallengeOverride ?? query.GetValueOrDefault("code_challenge") ?? string.Empty,
            query.GetValueOrDefault("code_challenge_method"),
            query.GetValueOrDefault("nonce"),
            NextSubject,
            TokenIssuerOverride ?? $"{Url}/{authorityPath}",
            query.ContainsKey("max_age") && AuthTimeAge is { } age ? Time.GetUtcNow() - age : null);
        NextChallengeOverride = null;
        context.Response.Redirect($"{redirectUri}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}{iss}");
        return Task.CompletedTask;
    }

    private async Task ServeTokenAsync(HttpContext context, string authority)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (TokenEndpointRedirectsTo is { } elsewhere)
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = elsewhere;
            return;
        }

        var form = await context.Request.ReadFormAsync();
        var (clientId, secret, method) = ClientCredentials(context.Request, form);
        // A code is used up by its first redemption, right or wrong, as providers do.
        _grants.TryRemove(form["code"].ToString(), out var grant);
        var valid = form["grant_type"] == "authorization_code" &&
            grant is not null &&
            AuthMethodsOf(context.Request.Path.Value![..^"/token".Length].Trim('/')).Contains(method == "basic" ? "client_secret_basic" : "client_secret_post") &&
            clientId == grant.ClientId && secret == ClientSecret &&
            form["redirect_uri"] == grant.RedirectUri &&
            grant.ChallengeMethod == "S256" &&
            Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) == grant.Challenge;
        if (!valid || grant is null || TokenSigningKey is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant" });
            return;
        }

        LastClientAuthentication = method;
        var payload = OpenIdConnectTokens.Payload(grant.Issuer, subject: grant.Subject, email: $"{grant.Subject}@redirect.example", audience: grant.ClientId, nonce: grant.Nonce);
        if (grant.AuthTime is { } authTime)
        {
            payload["auth_time"] = authTime.ToUnixTimeSeconds();
        }

        if (ProfileOnlyInUserInfo)
        {
            foreach (var claim in (string[])["email", "email_verified", "given_name", "family_name", "picture"])
            {
                payload.Remove(claim);
            }
        }

        var idToken = TokenSigningKey.Sign(payload);
        var accessToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        _accessTokens[accessToken] = grant.Subject;
        LastAccessToken = accessToken;
        await context.Response.WriteAsJsonAsync(SendsAccessToken
            ? new JsonObject { ["access_token"] = accessToken, ["token_type"] = "Bearer", ["id_token"] = idToken }
            : new JsonObject { ["id_token"] = idToken });
    }

    /// <summary>Userinfo (OpenID Connect Core 5.3): the claims of the access token's subject, as <see cref="UserInfoAnswers"/> says.</summary>
    private async Task ServeUserInfoAsync(HttpContext context)
    {
        Interlocked.Increment(ref _userInfoRequests);
        var header = context.Request.Headers.Authorization.ToString();
        string? subject = null;
        LastUserInfoRequestHadIssuedToken = header.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.TryGetValue(header["Bearer ".Length..], out subject);
        if (subject is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return;
        }

        var claims = (JsonObject?)UserInfoOf.GetValueOrDefault(subject)?.DeepClone() ?? new JsonObject
        {
            ["email"] = $"{subject}@userinfo.example",
            ["email_verified"] = true,
            ["given_name"] = "Ursula",
            ["family_name"] = "Info",
            ["picture"] = "https://pictures.example.org/ursula",
        };
        claims["sub"] ??= subject;
        switch (UserInfoAnswers)
        {
            case UserInfoAnswer.WrongSubject:
                claims["sub"] = $"not-{subject}";
                break;
            case UserInfoAnswer.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case UserInfoAnswer.Unauthorized:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            case UserInfoAnswer.Slow:
                // Answers only once the client gives up: the app's timeout is what ends the wait.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case UserInfoAnswer.Huge:
                claims["padding"] = new string('x', 1024 * 1024);
                break;
            case UserInfoAnswer.NotJson:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"<html>{claims.ToJsonString()}</html>");
                return;
            case UserInfoAnswer.Jwt:
                context.Response.ContentType = "application/jwt";
                await context.Response.WriteAsync(TokenSigningKey!.Sign(claims));
                return;
            case UserInfoAnswer.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(claims.ToJsonString()[..^1]);
                return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(claims.ToJsonString());
    }

    private static (string? ClientId, string? Secret, string Method) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length == 2 ? Uri.UnescapeDataString(pair[1]) : null, "basic");
        }

        return (form["client_id"], form["client_secret"], "post");
    }

    private string[] AuthMethodsOf(string authorityPath) => TokenEndpointAuthMethodsOf.GetValueOrDefault(authorityPath) ?? TokenEndpointAuthMethods;

    private sealed record Grant(string ClientId, string RedirectUri, string Challenge, string? ChallengeMethod, string? Nonce, string Subject, string Issuer, DateTimeOffset? AuthTime);

    private async Task ServeDiscoveryAsync(HttpContext context)
    {
        const string suffix = "/.well-known/openid-configuration";
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.EndsWith(suffix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await _discoveryRequests.MeasureAsync(() => ServeDocumentAsync(context, path[..^suffix.Length].Trim('/')));
    }

    private async Task ServeDocumentAsync(HttpContext context, string authorityPath)
    {
        await Task.Delay(Delay, context.RequestAborted);
        if (FailDiscoveryWith is { } status)
        {
            context.Response.StatusCode = (int)status;
            return;
        }

        var document = new JsonObject
        {
            ["issuer"] = IssuerOf(authorityPath),
            ["jwks_uri"] = KeySetUrl,
            ["authorization_endpoint"] = $"{Url}/{authorityPath}/authorize",
            ["token_endpoint"] = $"{Url}/{authorityPath}/token",
            ["response_types_supported"] = new JsonArray("code", "id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray([.. SigningAlgorithms.Select(a => (JsonNode)a)]),
        };
        if (AuthMethodsOf(authorityPath) is { Length: > 0 } methods)
        {
            document["token_endpoint_auth_methods_supported"] = new JsonArray([.. methods.Select(m => (JsonNode)m)]);
        }

        if (SendsResponseIssuer.ContainsKey(authorityPath))
        {
            document["authorization_response_iss_parameter_supported"] = true;
        }

        if (ServesUserInfo)
        {
            document["userinfo_endpoint"] = $"{Url}/{authorityPath}/userinfo";
        }

        if (PromptValues is { } prompts)
        {
            document["prompt_values_supported"] = new JsonArray([.. prompts.Select(p => (JsonNode)p)]);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(document.ToJsonString());
    }

    /// <summary>The issuer the discovery document at <paramref name="authorityPath"/> names.</summary>
    private string IssuerOf(string authorityPath)
    {
        var segments = authorityPath.Split('/');
        return IssuerOverride ?? (segments[0] is "common" or "organizations"
            ? $"{Url}/{{tenantid}}/{string.Join('/', segments.Skip(1))}"
            : $"{Url}/{authorityPath}");
    }

    private Task ServeKeySetAsync(HttpContext context) => _keySetRequests.MeasureAsync(() => ServeKeysAsync(context));

    private async Task ServeKeysAsync(HttpContext context)
    {
        await Task.Delay(Delay, context.RequestAborted);
        if (FailKeySetWith is { } status)
        {
            context.Response.StatusCode = (int)status;
            return;
        }

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

/// <summary>How <see cref="OpenIdConnectTestServer"/>'s userinfo endpoint answers a valid access token.</summary>
public enum UserInfoAnswer
{
    /// <summary>The subject's claims, as JSON.</summary>
    Claims,

    /// <summary>The claims of another subject.</summary>
    WrongSubject,

    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>HTTP 401, as if the token were not valid.</summary>
    Unauthorized,

    /// <summary>No answer until the client gives up.</summary>
    Slow,

    /// <summary>The claims, padded beyond a megabyte.</summary>
    Huge,

    /// <summary>An HTML page.</summary>
    NotJson,

    /// <summary>The claims as a signed JWT (<c>application/jwt</c>).</summary>
    Jwt,

    /// <summary>JSON cut short.</summary>
    MalformedJson,
}
