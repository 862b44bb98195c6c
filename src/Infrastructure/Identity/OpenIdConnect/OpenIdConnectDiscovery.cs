using System.Collections.Concurrent;
using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Fetching;
using GoogleLogin.Infrastructure.Identity.Keys;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;
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
/// <param name="SendsResponseIssuer">Whether its authorization responses carry <c>iss</c> (RFC 9207, <c>authorization_response_iss_parameter_supported</c>).</param>
/// <param name="UserInfoEndpoint">Where the redirect sign-in reads the profile with its access token (<c>userinfo_endpoint</c>); null when the document names none.</param>
/// <param name="PromptValues">The <c>prompt</c> values its authorization endpoint accepts (<c>prompt_values_supported</c>; empty when not listed).</param>
internal sealed record OpenIdConnectMetadata(
    string Issuer,
    string JsonWebKeySetUrl,
    IReadOnlySet<string> SigningAlgorithms,
    Uri? AuthorizationEndpoint,
    Uri? TokenEndpoint,
    IReadOnlySet<string> TokenEndpointAuthMethods,
    bool SendsResponseIssuer = false,
    Uri? UserInfoEndpoint = null,
    IReadOnlySet<string>? PromptValues = null);

/// <summary>
/// Reads and caches each provider's discovery document (<c>&lt;Authority&gt;/.well-known/openid-configuration</c>).
/// It is fetched on first use, not at start-up, so a provider that is down stops only its own sign-ins:
/// they answer 503 until it can be read, at once while a failed read is retried after a short wait (from
/// <see cref="OpenIdConnectDiscoveryOptions.FailureRetryMin"/>, doubling up to <see cref="OpenIdConnectDiscoveryOptions.FailureRetryMax"/>),
/// so that a provider back from an outage is used within seconds.
/// Once read, it is renewed in the background every <see cref="OpenIdConnectDiscoveryOptions.RenewAfter"/>, and
/// the one held keeps working while renewal fails.
/// </summary>
internal sealed partial class OpenIdConnectDiscovery(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    IOptions<OpenIdConnectDiscoveryOptions> options,
    ILogger<OpenIdConnectDiscovery> logger)
{
    private readonly ConcurrentDictionary<string, RefreshingSource<OpenIdConnectMetadata>> _sources = new(StringComparer.Ordinal);

    /// <summary>
    /// Discovery timed as it was before it had settings of its own, by the key set's: for the integration
    /// tests that build it so. The application's comes from <see cref="OpenIdConnectDiscoveryOptions"/>.
    /// </summary>
    internal OpenIdConnectDiscovery(
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        IOptions<JsonWebKeySetOptions> keySetOptions,
        ILogger<OpenIdConnectDiscovery> logger)
        : this(
            httpClientFactory,
            timeProvider,
            Options.Create(new OpenIdConnectDiscoveryOptions
            {
                FetchTimeout = keySetOptions.Value.FetchTimeout,
                FailureRetryMin = keySetOptions.Value.FailureRetryMin,
                FailureRetryMax = keySetOptions.Value.FailureRetryMax,
            }),
            logger)
    {
    }

    /// <param name="tokenIssuer">
    /// The issuer its ID tokens carry, when another verifier holds them to one that is not the authority
    /// (Google's, at a stand-in for accounts.google.com): the document may name that one instead.
    /// </param>
    /// <exception cref="IdentityProviderUnavailableException">No usable discovery document has been read from this authority yet.</exception>
    public async Task<OpenIdConnectMetadata> GetAsync(
        string provider, string authority, OpenIdConnectProviderKind kind, CancellationToken cancellationToken, string? tokenIssuer = null)
    {
        var source = _sources.GetOrAdd($"{authority} {kind.Name} {tokenIssuer}", _ => CreateSource(authority, kind, tokenIssuer));
        var served = await source.GetAsync(cancellationToken);
        return served.Value ?? throw new IdentityProviderUnavailableException(provider, ProviderResource.DiscoveryDocument);
    }

    private RefreshingSource<OpenIdConnectMetadata> CreateSource(string authority, OpenIdConnectProviderKind kind, string? tokenIssuer)
    {
        var url = $"{authority.TrimEnd('/')}/.well-known/openid-configuration";
        return new RefreshingSource<OpenIdConnectMetadata>(
            cancellationToken => FetchAsync(url, authority, kind, tokenIssuer, cancellationToken),
            (exception, holdsDocument) => LogDiscoveryFailed(logger, url, exception.GetType().Name, exception.Message, holdsDocument),
            options.Value.FetchTimeout,
            new FailureRetry(options.Value.FailureRetryMin, options.Value.FailureRetryMax),
            timeProvider);
    }

    private async Task<Fetched<OpenIdConnectMetadata>> FetchAsync(
        string url, string authority, OpenIdConnectProviderKind kind, string? tokenIssuer, CancellationToken cancellationToken)
    {
        var attemptedAt = timeProvider.GetUtcNow();
        var client = httpClientFactory.CreateClient(JsonWebKeySetCache.HttpClientName);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var metadata = Parse(authority, kind, tokenIssuer, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        LogDiscovered(logger, url, metadata.Issuer);

        // Nothing in the document expires; it is held until a renewal replaces it.
        return new Fetched<OpenIdConnectMetadata>(metadata, RenewAt: attemptedAt + options.Value.RenewAfter, ExpiresAt: DateTimeOffset.MaxValue);
    }

    /// <summary>
    /// The document must name the authority it was read from as its issuer (OpenID Connect Discovery 1.0,
    /// section 4.3), or else a document served at one URL could speak for another issuer. Allowed: a
    /// trailing slash either way, what the provider's kind accepts (Microsoft's <c>{tenantid}</c> template under a
    /// multi-tenant authority), and the token issuer a caller names (whose verifier then holds tokens to it).
    /// </summary>
    private static OpenIdConnectMetadata Parse(string authority, OpenIdConnectProviderKind kind, string? tokenIssuer, byte[] body)
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
            kind.AcceptsDocumentIssuer(authorityUri, issuer);
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
            StringsOf(root, "token_endpoint_auth_methods_supported"),
            root.TryGetProperty("authorization_response_iss_parameter_supported", out var sendsIssuer) && sendsIssuer.ValueKind == JsonValueKind.True,
            EndpointOf(root, "userinfo_endpoint", authorityUri),
            StringsOf(root, "prompt_values_supported"));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Read the discovery document {DiscoveryUrl}: issuer {Issuer}")]
    private static partial void LogDiscovered(ILogger logger, string discoveryUrl, string issuer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the discovery document {DiscoveryUrl} ({ExceptionType}: {Reason}); using the one held: {HasHeldDocument}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string discoveryUrl, string exceptionType, string reason, bool hasHeldDocument);
}
