using System.Text.Json.Nodes;

namespace GoogleLogin.Tests.Support;

/// <summary>Builds ID token payloads shaped like Google's.</summary>
public static class GoogleTokens
{
    public const string Issuer = "https://accounts.google.com";
    public const string ClientId = "test-client.apps.googleusercontent.com";

    public static JsonObject Payload(
        string subject = "110169484474386276334",
        string? email = "ada@example.com",
        string audience = ClientId,
        DateTimeOffset? issuedAt = null,
        TimeSpan? lifetime = null,
        string? nonce = null)
    {
        var iat = issuedAt ?? DateTimeOffset.UtcNow.AddSeconds(-5);
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["azp"] = audience,
            ["aud"] = audience,
            ["sub"] = subject,
            ["email"] = email,
            ["email_verified"] = true,
            ["name"] = "Ada Lovelace",
            ["given_name"] = "Ada",
            ["family_name"] = "Lovelace",
            ["picture"] = "https://lh3.googleusercontent.com/a/ada",
            ["iat"] = iat.ToUnixTimeSeconds(),
            ["exp"] = (iat + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
        };
        if (nonce is not null)
        {
            payload["nonce"] = nonce;
        }

        return payload;
    }
}
