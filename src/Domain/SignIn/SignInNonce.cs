using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.SignIn;

/// <summary>
/// A single-use value the browser hands to the identity provider, which copies it into the ID token.
/// Accepting a token only with a nonce issued here, once, makes a captured token useless for a replay.
/// Each nonce is bound to the browser that asked for it: to a random binding value that only that
/// browser's pre-login cookie carries. A token captured on its way is useless to any other client.
/// <para>
/// A nonce carries its own proof: its expiry, 128 random bits, a tag (an HMAC under the application's
/// key) that says this application issued it, and a second tag over the first and the binding. Issuing
/// one writes nothing. Using one stores it (this class: the hash of the nonce and of its binding, until
/// it expires), and a nonce already stored is refused: so each is used at most once, on any instance
/// sharing the database.
/// </para>
/// </summary>
public sealed class SignInNonce
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The size of the application's nonce key: HMAC-SHA256's block of entropy.</summary>
    public const int KeySizeInBytes = 32;

    private const int ExpirySize = sizeof(long);
    private const int RandomSize = 16;
    private const int TagSize = 16;
    private const int IssuedTagOffset = ExpirySize + RandomSize;
    private const int BindingTagOffset = IssuedTagOffset + TagSize;
    private const int ValueSize = BindingTagOffset + TagSize;

    // What each tag proves is part of what it signs, so neither can stand in for the other.
    private static readonly byte[] IssuedPurpose = "googlelogin/nonce/issued/v1"u8.ToArray();
    private static readonly byte[] BoundPurpose = "googlelogin/nonce/bound/v1"u8.ToArray();

    private SignInNonce()
    {
        Hash = [];
        BindingHash = [];
    }

    public byte[] Hash { get; private set; }
    public byte[] BindingHash { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>
    /// A new nonce for the browser holding <paramref name="binding"/>, valid for <see cref="Lifetime"/>, or for
    /// <paramref name="lifetime"/> (at most <see cref="AuthorizationState.Lifetime"/>): a redirect sign-in's
    /// nonce lives as long as its state.
    /// </summary>
    public static string Issue(DateTimeOffset now, string binding, ReadOnlySpan<byte> key, TimeSpan? lifetime = null)
    {
        if (lifetime is { } requested && (requested <= TimeSpan.Zero || requested > AuthorizationState.Lifetime))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A nonce lives at most as long as an authorization state.");
        }

        if (!RandomToken.IsWellFormed(binding))
        {
            throw new ArgumentException("A binding is a random token made here.", nameof(binding));
        }

        Span<byte> value = stackalloc byte[ValueSize];
        BinaryPrimitives.WriteInt64BigEndian(value, (now + (lifetime ?? Lifetime)).ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(value.Slice(ExpirySize, RandomSize));
        IssuedTag(key, value[..IssuedTagOffset], value.Slice(IssuedTagOffset, TagSize));
        BindingTag(key, value[..BindingTagOffset], binding, value.Slice(BindingTagOffset, TagSize));
        return Base64Url.EncodeToString(value);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a nonce issued here, unexpired and bound to
    /// <paramref name="binding"/>; if so, the record that marks it used. Whether it was used before is
    /// the store's to say.
    /// </summary>
    public static (SignInNonceCheck Check, SignInNonce? Use) Check(string value, string? binding, ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> bytes = stackalloc byte[ValueSize];
        Span<byte> tag = stackalloc byte[TagSize];
        if (value.Length != Base64Url.GetEncodedLength(ValueSize) ||
            Base64Url.DecodeFromChars(value, bytes, out _, out var written) != System.Buffers.OperationStatus.Done ||
            written != ValueSize)
        {
            return (SignInNonceCheck.NotIssuedHere, null);
        }

        IssuedTag(key, bytes[..IssuedTagOffset], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes.Slice(IssuedTagOffset, TagSize)))
        {
            return (SignInNonceCheck.NotIssuedHere, null);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes));
        if (now >= expiresAt)
        {
            return (SignInNonceCheck.Expired, null);
        }

        // Bindings are made here (RandomToken): anything else, or none, cannot be the one it was issued to.
        if (!RandomToken.IsWellFormed(binding))
        {
            return (SignInNonceCheck.NotBoundToThisBrowser, null);
        }

        BindingTag(key, bytes[..BindingTagOffset], binding, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes.Slice(BindingTagOffset, TagSize)))
        {
            return (SignInNonceCheck.NotBoundToThisBrowser, null);
        }

        return (SignInNonceCheck.Valid, new SignInNonce { Hash = HashOf(value), BindingHash = HashOf(binding), ExpiresAt = expiresAt });
    }

    /// <summary>The stored form of a nonce or binding value.</summary>
    public static byte[] HashOf(string value) => RandomToken.Hash(value);

    private static void IssuedTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> expiryAndRandom, Span<byte> tag) =>
        Tag(key, IssuedPurpose, expiryAndRandom, [], tag);

    private static void BindingTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> issued, string binding, Span<byte> tag) =>
        Tag(key, BoundPurpose, issued, Encoding.UTF8.GetBytes(binding), tag);

    private static void Tag(ReadOnlySpan<byte> key, byte[] purpose, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> binding, Span<byte> tag)
    {
        if (key.Length != KeySizeInBytes)
        {
            throw new ArgumentException($"A nonce key is {KeySizeInBytes} bytes.", nameof(key));
        }

        Span<byte> data = stackalloc byte[purpose.Length + signed.Length + binding.Length];
        purpose.CopyTo(data);
        signed.CopyTo(data[purpose.Length..]);
        binding.CopyTo(data[(purpose.Length + signed.Length)..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data, mac);
        mac[..TagSize].CopyTo(tag);
    }
}

/// <summary>What <see cref="SignInNonce.Check"/> found.</summary>
public enum SignInNonceCheck
{
    Valid,

    /// <summary>Not a nonce this application issued (made up, altered, or of another key).</summary>
    NotIssuedHere,

    Expired,

    /// <summary>Issued here, to another browser (or the request carries no binding).</summary>
    NotBoundToThisBrowser,
}
