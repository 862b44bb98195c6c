using System.Collections.Concurrent;
using System.Text.Json;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>What this application uses of a provider's discovery document.</summary>
/// <param name="Issuer">The issuer, exactly as tokens carry it; for a Microsoft multi-tenant authority, with <c>{tenantid}</c> in it.</param>
/// <param name="JsonWebKeySetUrl">Where the provider publishes its signing keys (<c>jwks_uri</c>).</param>
/// <param name="SigningAlgorithms">The algorithms it signs ID tokens with (<c>id_token_signing_alg_values_supported</c>).</param>
/// <param name="AuthorizationEndpoint">Where the redirect sign-in sends the browser; null when the document names none.</param>
/// <param name="TokenEndpoint">Where the redirect sign-in redeems its code; null when the document names none.</param>
/// <param name="TokenEndpointAuthMethods">How a client may authenticate there (<c>token_endpoint_auth_methods_supported</c>; empty when not listed).</param>
internal sealed record OpenIdConnectMetadata(
    string Issuer,
    string JsonWebKeySetUrl,
    IReadOnlySet<string> SigningAlgorithms,
    Uri? AuthorizationEndpoint,
    Uri? TokenEndpoint,
    IReadOnlySet<string> TokenEndpointAuthMethods);

/// <summary>
/// Reads and caches each provider's discovery document (<c>&lt;Authority&gt;/.well-known/openid-configuration</c>).
/// It is fetched on first use, not at start-up, so a provider that is down stops only its own sign-ins:
/// they answer 503 until it can be read, retried at most every <see cref="JsonWebKeySetOptions.UnknownKeyRefreshInterval"/>.
/// Once read, it is renewed daily in the background, and the one held keeps working while renewal fails.
/// </summary>
internal sealed partial class OpenIdConnectDiscovery(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    IOptions<JsonWebKeySetOptions> fetchOptions,
    ILogger<OpenIdConnectDiscovery> logger)
{
    private static readonly TimeSpan RenewAfter = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);

    /// <param name="tokenIssuer">
    /// The issuer its ID tokens carry, when another verifier holds them to one that is not the authority
    /// (Google's, at a stand-in for accounts.google.com): the document may name that one instead.
    /// </param>
    /// <exception cref="IdentityProviderUnavailableException">No usable discovery document has been read from this authority yet.</exception>
    public async Task<OpenIdConnectMetadata> GetAsync(string provider, string authority, CancellationToken cancellationToken, string? tokenIssuer = null)
    {
        var source = _sources.GetOrAdd($"{authority} {tokenIssuer}", _ => new Source(authority, tokenIssuer));
        var now = timeProvider.GetUtcNow();
        if (source.Current is { } held)
        {
            if (now >= source.RenewAt && now >= source.RetryAt)
            {
                _ = StartOrJoinFetch(source);
            }

            return held;
        }

        if (now < source.RetryAt && !source.IsFetching)
        {
            throw new IdentityProviderUnavailableException(provider);
        }

        Task<OpenIdConnectMetadata?> fetch = StartOrJoinFetch(source);
        try
        {
            return await fetch.WaitAsync(fetchOptions.Value.FetchTimeout, cancellationToken) ?? throw new IdentityProviderUnavailableException(provider);
        }
        catch (TimeoutException exception)
        {
            throw new IdentityProviderUnavailableException(provider, exception);
        }
    }

    private Task<OpenIdConnectMetadata?> StartOrJoinFetch(Source source)
    {
        lock (source)
        {
            if (source.InFlight is { IsCompleted: false } running)
            {
                return running;
            }

            // Not tied to one request: a caller that gives up must not cancel the fetch for the others.
            return source.InFlight = Task.Run(() => FetchAndStoreAsync(source));
        }
    }

    private async Task<OpenIdConnectMetadata?> FetchAndStoreAsync(Source source)
    {
        var attemptedAt = timeProvider.GetUtcNow();
        var url = $"{source.Authority.TrimEnd('/')}/.well-known/openid-configuration";
        try
        {
            var client = httpClientFactory.CreateClient(JsonWebKeySetCache.HttpClientName);
            using var timeout = new CancellationTokenSource(fetchOptions.Value.FetchTimeout);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token);
            response.EnsureSuccessStatusCode();
            var metadata = Parse(source.Authority, source.TokenIssuer, await response.Content.ReadAsByteArrayAsync(timeout.Token));
            source.Current = metadata;
            source.RenewAt = attemptedAt + RenewAfter;
            LogDiscovered(logger, url, metadata.Issuer);
            return metadata;
        }
        catch (Exception exception)
        {
            // Whatever went wrong (a bad URL included), this provider is unavailable, never a 500 for its waiters.
            source.RetryAt = attemptedAt + fetchOptions.Value.UnknownKeyRefreshInterval;
            LogDiscoveryFailed(logger, url, exception.GetType().Name, exception.Message, source.Current is not null);
            return source.Current;
        }
    }

    /// <summary>
    /// The document must name the authority it was read from as its issuer (OpenID Connect Discovery 1.0,
    /// section 4.3), or else a document served at one URL could speak for another issuer. Allowed: a
    /// trailing slash either way, Microsoft's <c>{tenantid}</c> template under a multi-tenant authority, and
    /// the token issuer a caller names (whose verifier then holds tokens to it).
    /// </summary>
    private static OpenIdConnectMetadata Parse(string authority, string? tokenIssuer, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("The discovery document is not a JSON object.");
        }

        var issuer = root.GetStringOrNull("issuer") ?? throw new InvalidDataException("The discovery document names no issuer.");
        if (issuer.Length > Limits.IssuerLength - 40)
        {
            // Users are keyed by issuer; room is left for a tenant ID in place of {tenantid}.
            throw new InvalidDataException("The discovery document's issuer is too long.");
        }

        var authorityUri = new Uri(authority);
        var namesItsAuthority = issuer.TrimEnd('/') == authority.TrimEnd('/') || issuer == tokenIssuer ||
            (OpenIdConnectProviderOptionsValidator.IsMicrosoftMultiTenant(authorityUri) && issuer.Contains("{tenantid}", StringComparison.Ordinal) &&
             Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) && issuerUri.Scheme == authorityUri.Scheme && issuerUri.Authority == authorityUri.Authority);
        if (!namesItsAuthority)
        {
            throw new InvalidDataException("The discovery document's issuer is not its authority.");
        }

        var keySetUrl = EndpointOf(root, "jwks_uri", authorityUri) ?? throw new InvalidDataException("The discovery document has no usable jwks_uri.");

        // Required by the specification, with RS256 in it; a document without it gets that default.
        var algorithms = StringsOf(root, "id_token_signing_alg_values_supported");
        if (algorithms.Count == 0)
        {
            algorithms.Add("RS256");
        }

        return new OpenIdConnectMetadata(
            issuer,
            keySetUrl.AbsoluteUri,
            algorithms,
            EndpointOf(root, "authorization_endpoint", authorityUri),
            EndpointOf(root, "token_endpoint", authorityUri),
            StringsOf(root, "token_endpoint_auth_methods_supported"));
    }

    /// <summary>An absolute URL, over https, or over plain HTTP only when the authority itself is (allowed on this machine and in Development).</summary>
    private static Uri? EndpointOf(JsonElement document, string name, Uri authority) =>
        document.GetStringOrNull(name) is { } value &&
        Uri.TryCreate(value, UriKind.Absolute, out var url) &&
        (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && authority.Scheme == Uri.UriSchemeHttp))
            ? url
            : null;

    private static HashSet<string> StringsOf(JsonElement document, string name)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (document.TryGetProperty(name, out var listed) && listed.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in listed.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { } value)
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }

    private sealed class Source(string authority, string? tokenIssuer)
    {
        private volatile OpenIdConnectMetadata? _current;

        public string Authority { get; } = authority;

        public string? TokenIssuer { get; } = tokenIssuer;

        public OpenIdConnectMetadata? Current
        {
            get => _current;
            set => _current = value;
        }

        public DateTimeOffset RenewAt { get; set; }

        /// <summary>After a failed fetch, none before this.</summary>
        public DateTimeOffset RetryAt { get; set; } = DateTimeOffset.MinValue;

        /// <summary>The fetch under way or last finished; guarded by locking the source.</summary>
        public Task<OpenIdConnectMetadata?>? InFlight { get; set; }

        public bool IsFetching => InFlight is { IsCompleted: false };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read the discovery document {DiscoveryUrl}: issuer {Issuer}")]
    private static partial void LogDiscovered(ILogger logger, string discoveryUrl, string issuer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the discovery document {DiscoveryUrl} ({ExceptionType}: {Reason}); using the one held: {HasHeldDocument}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string discoveryUrl, string exceptionType, string reason, bool hasHeldDocument);
}
