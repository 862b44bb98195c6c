using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GoogleLogin.Tests.Support;

/// <summary>An RSA key that signs ID tokens the way Google does (RS256, compact JWS with a kid).</summary>
public sealed class TestSigningKey : IDisposable
{
    public TestSigningKey(string? keyId = null, int keySizeInBits = 2048)
    {
        Rsa = RSA.Create(keySizeInBits);
        KeyId = keyId ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
    }

    public RSA Rsa { get; }

    public string KeyId { get; }

    /// <summary>The public half, as one entry of a JSON Web Key Set, bound to <paramref name="algorithm"/> (none when null).</summary>
    public JsonObject ToJwk(string? algorithm = "RS256")
    {
        var parameters = Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
        if (algorithm is not null)
        {
            jwk["alg"] = algorithm;
        }

        return jwk;
    }

    /// <summary>
    /// Signs <paramref name="payload"/> with this key under the given header (default: RS256 with this kid):
    /// RSASSA-PSS when the header says PS256, PKCS #1 v1.5 otherwise.
    /// </summary>
    public string Sign(JsonObject payload, JsonObject? header = null)
    {
        header ??= new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var padding = header["alg"]?.GetValue<string>() == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, padding);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public void Dispose() => Rsa.Dispose();
}
