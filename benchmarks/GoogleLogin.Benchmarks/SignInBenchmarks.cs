using BenchmarkDotNet.Attributes;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Benchmarks;

/// <summary>
/// A returning user signing in with Google: <c>ValidateTokenAndObtainSessionHandler</c> verifying the
/// token, refreshing the user's profile and opening a session on a SQLite file. The token is minted once
/// and nonces are off, so it can sign in again and again. Each sign-in beyond the 20th revokes the user's
/// oldest active session (Auth:Sessions:MaxPerUser), as it would in production, and the user's revoked
/// sessions pile up over the run. The baseline is the token verification alone, so the ratio shows what
/// the database work adds to it.
/// </summary>
[MemoryDiagnoser]
public class SignInBenchmarks
{
    private BenchmarkApp _app = null!;
    private IIdentityTokenVerifier _verifier = null!;
    private string _token = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = await BenchmarkApp.StartAsync();
        _verifier = _app.GoogleVerifier;
        _token = _app.Key.Sign(GoogleTokens.Payload(lifetime: TimeSpan.FromHours(1)));

        // The first sign-in registers the user (and warms the key cache); the measured ones return.
        await _app.SignInAsync(_token);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _app.DisposeAsync();

    [Benchmark(Baseline = true, Description = "Token verification alone")]
    public async Task<string> VerifyOnly() => (await _verifier.VerifyAsync(_token, CancellationToken.None)).Subject;

    [Benchmark(Description = "Sign-in, returning user")]
    public async Task<string> SignIn() => (await _app.SignInAsync(_token)).SessionToken;
}
