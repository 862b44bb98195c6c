using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>One public signing key of a key set, identified by its <c>kid</c>: RSA (2048 bits or more) or EC on P-256.</summary>
/// <param name="KeyId">The key's <c>kid</c>.</param>
/// <param name="KeySetVersion">Hash of the key set document the key came from; changes whenever the document does.</param>
/// <param name="Algorithm">The <c>alg</c> the key set binds the key to, or null when it names none.</param>
/// <param name="Key">The key, for Microsoft.IdentityModel's token handler.</param>
/// <param name="KeySetJson">For an RSA key, a JSON Web Key Set holding only this key (what Google.Apis.Auth reads); null for others.</param>
internal sealed record SigningKey(string KeyId, string KeySetVersion, string? Algorithm, JsonWebKey Key, string? KeySetJson)
{
    /// <summary>
    /// Whether a token signed with <paramref name="algorithm"/> may be checked with this key: the key set's
    /// <c>alg</c> when it names one, else what the key's type is for. So an RSA key never checks an HMAC
    /// or EC signature, whatever the token's header claims.
    /// </summary>
    public bool Fits(string algorithm) => Algorithm is not null
        ? Algorithm == algorithm
        : Key.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA => algorithm is SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.RsaSsaPssSha256,
            JsonWebAlgorithmsKeyTypes.EllipticCurve => algorithm is SecurityAlgorithms.EcdsaSha256,
            _ => false,
        };

    /// <summary>A JSON Web Key Set of one RS256 signing key, given as base64url modulus and exponent.</summary>
    public static string KeySetJsonOf(string keyId, string modulus, string exponent) =>
        JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", alg = "RS256", use = "sig", kid = keyId, n = modulus, e = exponent } } });
}
