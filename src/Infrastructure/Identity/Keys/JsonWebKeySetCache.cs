using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Infrastructure.Identity.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>
/// Caches identity providers' published signing keys (JSON Web Key Sets) per URL, so that verifying a
/// token costs no network call. The set is refetched when its <c>Cache-Control</c> max-age runs out,
/// or when a token names a key id the set lacks (the provider rotated its keys): then at most once per
/// <see cref="JsonWebKeySetOptions.UnknownKeyRefreshInterval"/>, so that a key the provider has just
/// published is used within seconds however many tokens name made-up ones. One fetch at a time per URL.
/// When the key server fails or hangs, the keys already held keep working, up to
/// <see cref="JsonWebKeySetOptions.MaxStaleness"/> past their set's expiry.
/// </summary>
internal sealed partial class JsonWebKeySetCache(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    IOptions<JsonWebKeySetOptions> options,
    ILogger<JsonWebKeySetCache> logger)
{
    public const string HttpClientName = "JsonWebKeySet";
    private const int MinimumRsaKeySizeInBits = 2048;

    private readonly ConcurrentDictionary<string, RefreshingSource<KeySet>> _sources = new(StringComparer.Ordinal);

    /// <summary>The key with this id, or null when the provider does not publish one.</summary>
    /// <param name="provider">Whose keys they are, named by the 503 and its log line.</param>
    /// <exception cref="IdentityProviderUnavailableException">
    /// No key set could be fetched from this URL, or the key id is in no key set held (nor one held for
    /// too long) and the key server is not answering.
    /// </exception>
    public async Task<SigningKey?> FindSigningKeyAsync(string provider, string keySetUrl, string keyId, CancellationToken cancellationToken)
    {
        var source = _sources.GetOrAdd(keySetUrl, CreateSource);
        var held = source.Held;
        var now = timeProvider.GetUtcNow();

        if (held is not null && now < held.UsableUntil && held.Keys.ContainsKey(keyId))
        {
            // A key we hold: no sign-in with it waits for the key server, be it before expiry or while the
            // key server fails or hangs. Past expiry, when the key server answered last time, it is asked,
            // so that a key it has withdrawn stops working on time; if it fails or hangs now, the key held
            // still verifies.
            var served = await source.GetAsync(cancellationToken);
            return served.Value?.Keys.GetValueOrDefault(keyId);
        }

        var (keySet, fetchFailed) = await source.FetchNewerAsync(options.Value.UnknownKeyRefreshInterval, cancellationToken);
        var found = keySet is not null && now < keySet.UsableUntil ? keySet.Keys.GetValueOrDefault(keyId) : null;
        if (found is null && (keySet is null || fetchFailed))
        {
            // Whether this kid is real cannot be known while the key server is down: say "try later", not "invalid".
            throw new IdentityProviderUnavailableException(provider, ProviderResource.SigningKeys);
        }

        return found;
    }

    /// <summary>
    /// One source per URL. A failed fetch is retried after a short wait rather than on every request
    /// (which meanwhile is told at once), so that a key server back from an outage is used within seconds.
    /// </summary>
    private RefreshingSource<KeySet> CreateSource(string url) => new(
        cancellationToken => FetchAsync(url, cancellationToken),
        (exception, holdsKeys) => LogKeySetFetchFailed(logger, url, exception.GetType().Name, exception.Message, holdsKeys),
        options.Value.FetchTimeout,
        new FailureRetry(options.Value.FailureRetryMin, options.Value.FailureRetryMax),
        timeProvider);

    private async Task<Fetched<KeySet>> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        var fetchedAt = timeProvider.GetUtcNow();
        var version = Convert.ToHexString(SHA256.HashData(body), 0, 8);
        var lifetime = CacheDuration(response.Headers.CacheControl);
        var keySet = new KeySet(ParseKeys(body, version), UsableUntil: fetchedAt + lifetime + options.Value.MaxStaleness);
        LogKeySetFetched(logger, url, keySet.Keys.Count, fetchedAt + lifetime);

        // Renewed in the background before it expires, so that no sign-in waits for the key server.
        return new Fetched<KeySet>(keySet, RenewAt: fetchedAt + (lifetime * 0.8), ExpiresAt: fetchedAt + lifetime);
    }

    private TimeSpan CacheDuration(CacheControlHeaderValue? cacheControl)
    {
        var settings = options.Value;
        var duration = cacheControl switch
        {
            null => settings.DefaultCacheDuration,
            { NoCache: true } or { NoStore: true } => TimeSpan.Zero,
            { MaxAge: { } maxAge } => maxAge,
            _ => settings.DefaultCacheDuration,
        };

        // A key server that forbids caching still must not cost a fetch per sign-in.
        return duration < settings.MinCacheDuration ? settings.MinCacheDuration
            : duration > settings.MaxCacheDuration ? settings.MaxCacheDuration
            : duration;
    }

    /// <summary>
    /// Keeps the signing keys fit for the algorithms any verifier accepts (RSA of 2048 bits or more for
    /// RS256 or PS256, EC on P-256 for ES256) and drops everything else.
    /// </summary>
    private static FrozenDictionary<string, SigningKey> ParseKeys(byte[] body, string version)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object ||
            !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The key set has no 'keys' array.");
        }

        var result = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.Object &&
                key.GetStringOrNull("use") is null or "sig" &&
                key.GetStringOrNull("kid") is { Length: > 0 } kid &&
                ParseKey(key, kid, version) is { } signingKey)
            {
                result.TryAdd(kid, signingKey);
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static SigningKey? ParseKey(JsonElement key, string kid, string version)
    {
        var algorithm = key.GetStringOrNull("alg");
        switch (key.GetStringOrNull("kty"))
        {
            case "RSA" when algorithm is null or "RS256" or "PS256" &&
                            key.GetStringOrNull("n") is { } modulus &&
                            key.GetStringOrNull("e") is { } exponent &&
                            IsStrongRsaKey(modulus, exponent):
                return new SigningKey(
                    kid,
                    version,
                    algorithm,
                    new JsonWebKey { Kty = JsonWebAlgorithmsKeyTypes.RSA, Kid = kid, N = modulus, E = exponent },
                    // Google.Apis.Auth checks RS256 only, so only such a key is handed to it.
                    algorithm is null or "RS256" ? SigningKey.KeySetJsonOf(kid, modulus, exponent) : null);
            case "EC" when algorithm is null or "ES256" &&
                           key.GetStringOrNull("crv") == "P-256" &&
                           key.GetStringOrNull("x") is { } x &&
                           key.GetStringOrNull("y") is { } y &&
                           IsP256Point(x, y):
                return new SigningKey(
                    kid,
                    version,
                    algorithm,
                    new JsonWebKey { Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve, Kid = kid, Crv = JsonWebKeyECTypes.P256, X = x, Y = y },
                    KeySetJson: null);
            default:
                return null;
        }
    }

    private static bool IsStrongRsaKey(string modulus, string exponent)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters
            {
                Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(modulus),
                Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(exponent),
            });
            return rsa.KeySize >= MinimumRsaKeySizeInBits;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>A point on P-256 (importing it checks that), so a bad key is dropped here rather than failing a sign-in.</summary>
    private static bool IsP256Point(string x, string y)
    {
        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = System.Buffers.Text.Base64Url.DecodeFromChars(x), Y = System.Buffers.Text.Base64Url.DecodeFromChars(y) },
            });
            return true;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    /// <param name="UsableUntil">Past its expiry, how long its keys still verify while no newer set can be fetched.</param>
    private sealed record KeySet(FrozenDictionary<string, SigningKey> Keys, DateTimeOffset UsableUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {KeyCount} signing keys from {KeySetUrl}, cached until {ExpiresAt:O}")]
    private static partial void LogKeySetFetched(ILogger logger, string keySetUrl, int keyCount, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch signing keys from {KeySetUrl} ({ExceptionType}: {Reason}); using cached keys: {HasCachedKeys}")]
    private static partial void LogKeySetFetchFailed(ILogger logger, string keySetUrl, string exceptionType, string reason, bool hasCachedKeys);
}
