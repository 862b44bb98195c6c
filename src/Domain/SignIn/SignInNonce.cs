using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.SignIn;

/// <summary>
/// A single-use random value the browser hands to the identity provider, which copies it into the
/// ID token. Accepting a token only with a nonce issued here, once, makes a captured token useless
/// for a replay. Only the hash is stored, so the table cannot be mined for live nonces.
/// </summary>
public sealed class SignInNonce
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private SignInNonce()
    {
        Hash = [];
    }

    public byte[] Hash { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>A new nonce: the record to store and the value to give the browser, which only it keeps.</summary>
    public static (SignInNonce Nonce, string Value) Issue(DateTimeOffset now)
    {
        var value = RandomToken.New();
        return (new SignInNonce { Hash = HashOf(value), ExpiresAt = now + Lifetime }, value);
    }

    /// <summary>The stored form of a nonce value, whatever a token claims it to be.</summary>
    public static byte[] HashOf(string value) => RandomToken.Hash(value);
}
