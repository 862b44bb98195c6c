using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>
/// Caches identity providers' published signing keys (JSON Web Key Sets) per URL, so that verifying a
/// token costs no network call. The set is refetched when its <c>Cache-Control</c> max-age runs out,
/// or when a token names a key id the set lacks (the provider rotated its keys), at most one fetch
/// at a time per URL. When the key server is down, the keys already held keep working.
/// </summary>
internal sealed partial class JsonWebKeySetCache(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    IOptions<JsonWebKeySetOptions> options,
    ILogger<JsonWebKeySetCache> logger)
{
    public const string HttpClientName = "JsonWebKeySet";
    private const int MinimumRsaKeySizeInBits = 2048;

    private readonly ConcurrentDictionary<string, KeySetSource> _sources = new(StringComparer.Ordinal);

    /// <summary>The key with this id, or null when the provider does not publish one.</summary>
    /// <exception cref="IdentityProviderUnavailableException">No key set has ever been fetched from this URL.</exception>
    public async Task<SigningKey?> FindSigningKeyAsync(string keySetUrl, string keyId, CancellationToken cancellationToken)
    {
        var source = _sources.GetOrAdd(keySetUrl, url => new KeySetSource(url));
        var keySet = source.Current;
        var now = timeProvider.GetUtcNow();

        if (keySet is not null && now < keySet.ExpiresAt && keySet.Keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        var expired = keySet is null || now >= keySet.ExpiresAt;
        var unknownKeyRefreshAllowed = now - source.LastUnknownKeyRefresh >= options.Value.UnknownKeyRefreshInterval;
        if (expired || unknownKeyRefreshAllowed)
        {
            keySet = await RefreshAsync(source, source.FetchAttempts, unknownKey: !expired, cancellationToken);
        }

        if (keySet is null)
        {
            throw new IdentityProviderUnavailableException(keySetUrl);
        }

        return keySet.Keys.GetValueOrDefault(keyId);
    }

    private async Task<KeySet?> RefreshAsync(KeySetSource source, int fetchAttemptsSeen, bool unknownKey, CancellationToken cancellationToken)
    {
        await source.RefreshLock.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the lock before us fetched already: use their result rather than fetch again.
            if (source.FetchAttempts != fetchAttemptsSeen)
            {
                return source.Current;
            }

            source.FetchAttempts++;
            source.LastFetchAttempt = timeProvider.GetUtcNow();
            if (unknownKey)
            {
                source.LastUnknownKeyRefresh = source.LastFetchAttempt;
            }

            try
            {
                source.Current = await FetchAsync(source.Url, cancellationToken);
                LogKeySetFetched(logger, source.Url, source.Current.Keys.Count, source.Current.ExpiresAt);
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidDataException
                                                  || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Keep serving the keys we have, and try again later rather than on every request:
                // an outage of the key server must not stop sign-in with keys we already trust.
                LogKeySetFetchFailed(logger, source.Url, exception.GetType().Name, exception.Message, source.Current is not null);
                if (source.Current is { } stale && stale.ExpiresAt <= source.LastFetchAttempt)
                {
                    source.Current = stale with { ExpiresAt = source.LastFetchAttempt + options.Value.UnknownKeyRefreshInterval };
                }
            }

            return source.Current;
        }
        finally
        {
            source.RefreshLock.Release();
        }
    }

    private async Task<KeySet> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.FetchTimeout);

        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);

        var fetchedAt = timeProvider.GetUtcNow();
        var version = Convert.ToHexString(SHA256.HashData(body), 0, 8);
        return new KeySet(ParseRsaKeys(body, version), fetchedAt + CacheDuration(response.Headers.CacheControl));
    }

    private TimeSpan CacheDuration(CacheControlHeaderValue? cacheControl)
    {
        var settings = options.Value;
        if (cacheControl is null || cacheControl.NoCache || cacheControl.NoStore)
        {
            return cacheControl is null ? settings.DefaultCacheDuration : TimeSpan.Zero;
        }

        var maxAge = cacheControl.MaxAge ?? settings.DefaultCacheDuration;
        return maxAge > settings.MaxCacheDuration ? settings.MaxCacheDuration : maxAge;
    }

    /// <summary>Keeps the RSA signing keys that are fit for RS256 and drops everything else.</summary>
    private static FrozenDictionary<string, SigningKey> ParseRsaKeys(byte[] body, string version)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The key set has no 'keys' array.");
        }

        var result = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object ||
                GetString(key, "kty") != "RSA" ||
                GetString(key, "use") is not (null or "sig") ||
                GetString(key, "alg") is not (null or "RS256") ||
                GetString(key, "kid") is not { Length: > 0 } kid ||
                GetString(key, "n") is not { } modulus ||
                GetString(key, "e") is not { } exponent ||
                !IsStrongRsaKey(modulus, exponent))
            {
                continue;
            }

            result.TryAdd(kid, new SigningKey(kid, version, SingleKeySetJson(kid, modulus, exponent)));
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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

    private static string SingleKeySetJson(string kid, string modulus, string exponent) =>
        JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", alg = "RS256", use = "sig", kid, n = modulus, e = exponent } } });

    private sealed record KeySet(FrozenDictionary<string, SigningKey> Keys, DateTimeOffset ExpiresAt);

    private sealed class KeySetSource(string url)
    {
        public string Url { get; } = url;
        public SemaphoreSlim RefreshLock { get; } = new(1, 1);
        public volatile KeySet? Current;
        private int _fetchAttempts;

        public int FetchAttempts
        {
            get => Volatile.Read(ref _fetchAttempts);
            set => Volatile.Write(ref _fetchAttempts, value);
        }

        public DateTimeOffset LastFetchAttempt { get; set; } = DateTimeOffset.MinValue;
        public DateTimeOffset LastUnknownKeyRefresh { get; set; } = DateTimeOffset.MinValue;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {KeyCount} signing keys from {KeySetUrl}, cached until {ExpiresAt:O}")]
    private static partial void LogKeySetFetched(ILogger logger, string keySetUrl, int keyCount, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch signing keys from {KeySetUrl} ({ExceptionType}: {Reason}); using cached keys: {HasCachedKeys}")]
    private static partial void LogKeySetFetchFailed(ILogger logger, string keySetUrl, string exceptionType, string reason, bool hasCachedKeys);
}
