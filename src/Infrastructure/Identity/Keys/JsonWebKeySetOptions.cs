namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>How signing key sets are fetched and cached. Configuration section <c>Auth:Keys</c>.</summary>
public sealed class JsonWebKeySetOptions
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
    /// forged key ids cannot turn into a flood of requests to the key server.
    /// </summary>
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
