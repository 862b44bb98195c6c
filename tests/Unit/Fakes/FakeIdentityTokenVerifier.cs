using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>Accepts exactly the tokens it was told about.</summary>
internal sealed class FakeIdentityTokenVerifier(string provider = "google") : IIdentityTokenVerifier
{
    private readonly Dictionary<string, VerifiedIdentity> _tokens = new(StringComparer.Ordinal);

    public string Provider { get; } = provider;

    /// <summary>As configured by default: nonces required.</summary>
    public IdentityProviderPolicy Policy { get; set; } = new("Google", RequireNonce: true);

    public int Calls { get; private set; }

    public string Accept(VerifiedIdentity identity)
    {
        var token = $"token-{_tokens.Count + 1}";
        _tokens[token] = identity;
        return token;
    }

    public Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken)
    {
        Calls++;
        return _tokens.TryGetValue(idToken, out var identity)
            ? Task.FromResult(identity)
            : throw new IdentityTokenRejectedException("unknown_test_token");
    }
}
