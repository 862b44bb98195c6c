using System.Text.Json;

namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>One RSA public key of a key set, identified by its <c>kid</c>.</summary>
/// <param name="KeyId">The key's <c>kid</c>.</param>
/// <param name="KeySetVersion">Hash of the key set document the key came from; changes whenever the document does.</param>
/// <param name="KeySetJson">A JSON Web Key Set holding only this key.</param>
internal sealed record SigningKey(string KeyId, string KeySetVersion, string KeySetJson)
{
    /// <summary>A JSON Web Key Set of one RS256 signing key, given as base64url modulus and exponent.</summary>
    public static string KeySetJsonOf(string keyId, string modulus, string exponent) =>
        JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", alg = "RS256", use = "sig", kid = keyId, n = modulus, e = exponent } } });
}
