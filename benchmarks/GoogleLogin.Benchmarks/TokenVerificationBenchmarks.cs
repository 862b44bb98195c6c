using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Google.Apis.Auth;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GoogleLogin.Benchmarks;

/// <summary>
/// One RS256, Google-shaped ID token and one key, verified three ways: by our whole verifier (key cache
/// warm), by Microsoft.IdentityModel's JsonWebTokenHandler with equivalent checks, and by the bare RSA
/// signature check every verifier has to do. The ratio column is each method's time over the bare check.
/// Google.Apis.Auth's own check, which our verifier wraps, is measured too, so that what our verifier
/// adds to it (header parse, key lookup, the second parse of the payload) shows as the difference.
/// </summary>
[MemoryDiagnoser]
public class TokenVerificationBenchmarks
{
    private BenchmarkApp _app = null!;
    private IIdentityTokenVerifier _verifier = null!;
    private string _token = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;
    private SignedTokenVerificationOptions _googleOptions = null!;
    private RSA _publicKey = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = await BenchmarkApp.StartAsync();
        _verifier = _app.GoogleVerifier;

        // Valid for the whole run: even the default job takes well under the hour.
        _token = _app.Key.Sign(GoogleTokens.Payload(lifetime: TimeSpan.FromHours(1)));

        // Fetches the key set from the key server once; every measured call then finds the key cached.
        await _verifier.VerifyAsync(_token, CancellationToken.None);

        var publicParameters = _app.Key.Rsa.ExportParameters(includePrivateParameters: false);
        _handler = new JsonWebTokenHandler();
        _parameters = new TokenValidationParameters
        {
            ValidIssuers = ["https://accounts.google.com", "accounts.google.com"],
            ValidAudience = GoogleTokens.ClientId,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = new RsaSecurityKey(publicParameters) { KeyId = _app.Key.KeyId },
        };
        var result = await _handler.ValidateTokenAsync(_token, _parameters);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("JsonWebTokenHandler refused the benchmark token.", result.Exception);
        }

        // Google.Apis.Auth fetches the key set from the key server once and keeps it for an hour.
        _googleOptions = new SignedTokenVerificationOptions
        {
            CertificatesUrl = _app.KeyServer.Url,
            IssuedAtClockTolerance = TimeSpan.FromSeconds(30),
            ExpiryClockTolerance = TimeSpan.FromSeconds(30),
        };
        _googleOptions.TrustedIssuers.Add("https://accounts.google.com");
        _googleOptions.TrustedIssuers.Add("accounts.google.com");
        _googleOptions.TrustedAudiences.Add(GoogleTokens.ClientId);
        await GoogleApisAuth();

        _publicKey = RSA.Create(publicParameters);
        var lastDot = _token.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_token[..lastDot]);
        _signature = Base64Url.DecodeFromChars(_token.AsSpan(lastDot + 1));
        if (!BareRsa())
        {
            throw new InvalidOperationException("The bare RSA check refused the benchmark token.");
        }

        var requests = _app.KeyServer.RequestCount;
        await _verifier.VerifyAsync(_token, CancellationToken.None);
        if (_app.KeyServer.RequestCount != requests)
        {
            throw new InvalidOperationException("The verifier fetched the key set again: the cache is not warm.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _publicKey.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>The RSA-SHA256 (PKCS#1 v1.5) check of the already decoded signing input and signature, nothing else.</summary>
    [Benchmark(Baseline = true, Description = "Bare RSA.VerifyData")]
    public bool BareRsa() =>
        _publicKey.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "JsonWebTokenHandler")]
    public async Task<bool> JsonWebTokenHandler() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark(Description = "Google.Apis.Auth alone")]
    public async Task<string> GoogleApisAuth() =>
        (await JsonWebSignature.VerifySignedTokenAsync<GoogleJsonWebSignature.Payload>(_token, _googleOptions, CancellationToken.None)).Subject;

    [Benchmark(Description = "GoogleIdTokenVerifier")]
    public async Task<string> OurVerifier() => (await _verifier.VerifyAsync(_token, CancellationToken.None)).Subject;
}
