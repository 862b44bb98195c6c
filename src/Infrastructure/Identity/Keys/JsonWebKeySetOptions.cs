using System.ComponentModel.DataAnnotations;
using GoogleLogin.Infrastructure.Identity.Fetching;

namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>How signing key sets are fetched and cached. Configuration section <c>Auth:Keys</c>.</summary>
public sealed class JsonWebKeySetOptions : IValidatableObject
{
    public const string SectionName = "Auth:Keys";

    /// <summary>A key server slower than this counts as down; cached keys keep working meanwhile.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Used when the key set response has no <c>Cache-Control: max-age</c>.</summary>
    public TimeSpan DefaultCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lower bound, also for <c>no-cache</c> or <c>max-age=0</c>: keys are never fetched per sign-in.</summary>
    public TimeSpan MinCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound on any max-age, so a removed key is not trusted for days.</summary>
    public TimeSpan MaxCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long past its expiry a key set still verifies tokens signed by its keys while the key server
    /// fails or hangs, so an outage of the provider's key server does not stop sign-in.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Tokens naming an unknown key id refresh the key set at most this often, so a flood of
    /// forged key ids cannot turn into a flood of requests to the key server; and a key the provider
    /// has just published is used within this (plus one fetch), flood or not.
    /// </summary>
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After a failed fetch, the next no sooner than this; the wait doubles with each failure in a row.</summary>
    public TimeSpan FailureRetryMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between fetches while the key server keeps failing: it is used within this of coming back.</summary>
    public TimeSpan FailureRetryMax { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A sign-in may wait the fetch timeout.
        if (FetchTimeout <= TimeSpan.Zero || FetchTimeout > TimeSpan.FromMinutes(1))
        {
            yield return Failure(nameof(FetchTimeout), "must be positive and at most 00:01:00");
        }

        // Beyond a week, a key the provider has withdrawn would be trusted for longer than anyone expects.
        foreach (var (name, value) in new[] { (nameof(DefaultCacheDuration), DefaultCacheDuration), (nameof(MinCacheDuration), MinCacheDuration), (nameof(MaxCacheDuration), MaxCacheDuration) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(7))
            {
                yield return Failure(name, "must be positive and at most 7.00:00:00");
            }
        }

        if (MinCacheDuration > MaxCacheDuration)
        {
            yield return Failure(nameof(MinCacheDuration), $"must not exceed {SectionName}:{nameof(MaxCacheDuration)}");
        }

        if (MaxStaleness < TimeSpan.Zero || MaxStaleness > TimeSpan.FromDays(7))
        {
            yield return Failure(nameof(MaxStaleness), "must be between 00:00:00 and 7.00:00:00");
        }

        // Zero would let every token with a forged key id cost a request to the key server.
        if (UnknownKeyRefreshInterval < TimeSpan.FromSeconds(1) || UnknownKeyRefreshInterval > TimeSpan.FromHours(1))
        {
            yield return Failure(nameof(UnknownKeyRefreshInterval), "must be between 00:00:01 and 01:00:00");
        }

        foreach (var failure in FailureRetry.Validate(SectionName, FailureRetryMin, FailureRetryMax))
        {
            yield return failure;
        }
    }

    private static ValidationResult Failure(string setting, string rule) => new($"{SectionName}:{setting} {rule}.", [setting]);
}
