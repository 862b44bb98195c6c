using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace GoogleLogin.Domain.Common;

/// <summary>
/// The application's bearer secrets (session tokens, sign-in nonces): 256 random bits, base64url-encoded,
/// stored only as their SHA-256 so that a copy of the database holds nothing that can be presented.
/// </summary>
public static class RandomToken
{
    /// <summary>The size of a stored <see cref="Hash"/>.</summary>
    public const int HashSizeInBytes = SHA256.HashSizeInBytes;

    private const int SizeInBytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <summary>Whether the value has the shape of one <see cref="New"/> makes, so junk can be refused before any lookup.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? value) =>
        value is not null && value.Length == Base64Url.GetEncodedLength(SizeInBytes) && Base64Url.IsValid(value);

    /// <summary>The stored form of a value. Hashed as UTF-8, so every string, not only the ones issued here, has its own hash.</summary>
    public static byte[] Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }
}
