using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace GoogleLogin.Domain.Sessions;

/// <summary>The secret the browser presents in its cookie: 256 random bits, base64url-encoded.</summary>
public sealed class SessionToken
{
    private const int SizeInBytes = 32;

    private SessionToken(string value) => Value = value;

    public string Value { get; }

    public static SessionToken New() =>
        new(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SizeInBytes)));

    /// <summary>Accepts only values shaped like tokens this class issues, so junk never reaches the database.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out SessionToken? token)
    {
        token = null;
        if (value is null || value.Length != Base64Url.GetEncodedLength(SizeInBytes) || !Base64Url.IsValid(value))
        {
            return false;
        }

        token = new SessionToken(value);
        return true;
    }

    public byte[] Hash() => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Value));

    // Never let a token slip into a log line through string formatting.
    public override string ToString() => "SessionToken(redacted)";
}
