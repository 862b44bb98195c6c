using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.SignIn;

/// <summary>
/// A single-use random value the browser hands to the identity provider, which copies it into the
/// ID token. Accepting a token only with a nonce issued here, once, makes a captured token useless
/// for a replay. Only the hash is stored, so the table cannot be mined for live nonces.
/// Each nonce is bound to the browser that asked for it: the hash of a random binding value that only
/// that browser's pre-login cookie carries. A token captured on its way is useless to any other client.
/// </summary>
public sealed class SignInNonce
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private SignInNonce()
    {
        Hash = [];
        BindingHash = [];
    }

    public byte[] Hash { get; private set; }
    public byte[] BindingHash { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>
    /// A new nonce for the browser holding <paramref name="binding"/>: the record to store and the value
    /// to give the browser, which only it keeps.
    /// </summary>
    public static (SignInNonce Nonce, string Value) Issue(DateTimeOffset now, string binding)
    {
        var value = RandomToken.New();
        return (new SignInNonce { Hash = HashOf(value), BindingHash = HashOf(binding), ExpiresAt = now + Lifetime }, value);
    }

    /// <summary>The stored form of a nonce or binding value, whatever a token or cookie claims it to be.</summary>
    public static byte[] HashOf(string value) => RandomToken.Hash(value);
}
