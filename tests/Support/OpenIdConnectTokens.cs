using System.Text.Json.Nodes;

namespace GoogleLogin.Tests.Support;

/// <summary>Builds ID token payloads of a generic OpenID Connect provider.</summary>
public static class OpenIdConnectTokens
{
    public const string ClientId = "googlelogin-test-client";

    public static JsonObject Payload(string issuer, string subject = "user-1", string? email = "grace@example.org", string audience = ClientId, string? nonce = null)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["email"] = email,
            ["email_verified"] = true,
            ["given_name"] = "Grace",
            ["family_name"] = "Hopper",
            ["picture"] = "https://pictures.example.org/grace",
            ["iat"] = now.AddSeconds(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        if (nonce is not null)
        {
            payload["nonce"] = nonce;
        }

        return payload;
    }
}
