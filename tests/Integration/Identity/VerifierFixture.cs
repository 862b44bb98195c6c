using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Identity.Google;
using GoogleLogin.Infrastructure.Identity.Keys;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>The real Google verifier and key cache, pointed at a real key server on loopback.</summary>
internal sealed class VerifierFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private VerifierFixture(KeySetServer keyServer, TestSigningKey googleKey, JsonWebKeySetOptions keyOptions, TimeProvider timeProvider)
    {
        KeyServer = keyServer;
        GoogleKey = googleKey;
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        KeyCache = new JsonWebKeySetCache(
            _services.GetRequiredService<IHttpClientFactory>(),
            timeProvider,
            Microsoft.Extensions.Options.Options.Create(keyOptions),
            NullLogger<JsonWebKeySetCache>.Instance);
        Options = new GoogleAuthOptions { ClientIds = [GoogleTokens.ClientId, "ios-client.apps.googleusercontent.com"], CertificatesUrl = keyServer.Url };
        Verifier = new GoogleIdTokenVerifier(
            new FixedOptionsMonitor<GoogleAuthOptions>(Options), new DevelopmentSignIn(IsActive: false), KeyCache, NullLogger<GoogleIdTokenVerifier>.Instance);
    }

    public KeySetServer KeyServer { get; }

    public TestSigningKey GoogleKey { get; }

    public JsonWebKeySetCache KeyCache { get; }

    public GoogleAuthOptions Options { get; }

    public GoogleIdTokenVerifier Verifier { get; }

    /// <summary>Verifies a fresh token for the test account, signed by <paramref name="signedBy"/> or else by the published Google key.</summary>
    public Task<VerifiedIdentity> VerifyFreshTokenAsync(TestSigningKey? signedBy = null) =>
        Verifier.VerifyAsync((signedBy ?? GoogleKey).Sign(GoogleTokens.Payload()), CancellationToken.None);

    public static async Task<VerifierFixture> StartAsync(JsonWebKeySetOptions? keyOptions = null, TimeProvider? timeProvider = null)
    {
        var key = new TestSigningKey();
        var server = await KeySetServer.StartAsync(key);
        return new VerifierFixture(server, key, keyOptions ?? DefaultKeyOptions(), timeProvider ?? new FakeTimeProvider(DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// The defaults, but for the fetch timeout: a ceiling for a key server on loopback, which answers at once
    /// unless a test makes it hang (and then sets its own). A loaded 2-core machine can take seconds to run the fetch.
    /// </summary>
    private static JsonWebKeySetOptions DefaultKeyOptions() => new() { FetchTimeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await KeyServer.DisposeAsync();
        await _services.DisposeAsync();
        GoogleKey.Dispose();
    }
}

internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
