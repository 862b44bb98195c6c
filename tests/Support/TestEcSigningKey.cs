using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GoogleLogin.Tests.Support;

/// <summary>An EC key on P-256 that signs ID tokens with ES256, as some OpenID Connect providers do.</summary>
public sealed class TestEcSigningKey : IDisposable
{
    public ECDsa Ecdsa { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string KeyId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public JsonObject ToJwk()
    {
        var point = Ecdsa.ExportParameters(includePrivateParameters: false).Q;
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["alg"] = "ES256",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["x"] = Base64Url.EncodeToString(point.X),
            ["y"] = Base64Url.EncodeToString(point.Y),
        };
    }

    /// <summary>A compact JWS: ES256 with this kid, the signature as JWS wants it (r and s, 32 bytes each).</summary>
    public string Sign(JsonObject payload)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var signingInput = $"{TestSigningKey.Encode(header)}.{TestSigningKey.Encode(payload)}";
        var signature = Ecdsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => Ecdsa.Dispose();
}
