using System.Buffers.Text;
using System.Text.Json;

namespace GoogleLogin.Infrastructure.Identity;

/// <summary>
/// The few JOSE header fields read before any key is looked up. Parsing them first means a token
/// with the wrong algorithm or a junk header is refused without touching the key cache.
/// </summary>
/// <param name="Type">The header's <c>typ</c>: what kind of JWT the issuer says it is.</param>
internal sealed record JwtHeader(string? Algorithm, string? KeyId, bool HasCriticalExtensions, string? Type = null)
{
    private const int MaxEncodedHeaderLength = 2048;

    /// <summary>The header of a compact JWS (three dot-separated parts), or null when it is not one.</summary>
    public static JwtHeader? TryParse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty) || parts[0].Length > MaxEncodedHeaderLength || !Base64Url.IsValid(parts[0]))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new JwtHeader(
                root.GetStringOrNull("alg"),
                root.GetStringOrNull("kid"),
                root.TryGetProperty("crit", out _),
                root.GetStringOrNull("typ"));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return null;
        }
    }
}
