using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoogleLogin.Infrastructure.Identity.Keys;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// A local stand-in for Google's identity service, for development without a Google account or a
/// network. It signs ID tokens shaped exactly like Google's with an RSA key and publishes the public
/// half as a key set. The key is made at start-up and kept in memory only, unless
/// <c>Auth:Google:Development:SigningKeyFile</c> names a PEM file: then it is read from there (made and
/// written there by the first instance to start), so that several instances behind one load balancer
/// accept each other's tokens. Unlike emulators that mint unsigned tokens, nothing about verification
/// is switched off to accept these.
/// </summary>
public sealed class DevelopmentIdentityProvider : IDisposable
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly RSA _key;
    private readonly TimeProvider _timeProvider;

    /// <param name="timeProvider">The clock for the tokens' <c>iat</c>, <c>nbf</c> and <c>exp</c>.</param>
    /// <param name="signingKeyFile">A PEM file holding the key, created when missing; null for a key in memory only.</param>
    /// <exception cref="InvalidOperationException">The file exists but holds no usable RSA private key.</exception>
    public DevelopmentIdentityProvider(TimeProvider timeProvider, string? signingKeyFile = null)
    {
        _timeProvider = timeProvider;
        if (string.IsNullOrWhiteSpace(signingKeyFile))
        {
            _key = RSA.Create(2048);
            KeySource = "a key made at start-up, kept in memory only";
        }
        else
        {
            _key = DevelopmentSigningKeyFile.LoadOrCreate(signingKeyFile);
            KeySource = $"the key in {Path.GetFullPath(signingKeyFile)}";
        }

        var parameters = _key.ExportParameters(includePrivateParameters: false);
        // Named after the public key, so every instance holding the same key publishes the same kid.
        KeyId = Convert.ToHexStringLower(SHA256.HashData(parameters.Modulus!), 0, 20);
        KeySetJson = SigningKey.KeySetJsonOf(KeyId, Base64Url.EncodeToString(parameters.Modulus), Base64Url.EncodeToString(parameters.Exponent));
    }

    public string KeyId { get; }

    /// <summary>Where the signing key comes from, for the start-up banner.</summary>
    public string KeySource { get; }

    /// <summary>The public key as a JSON Web Key Set, in the format of Google's certificates URL.</summary>
    public string KeySetJson { get; }

    public IReadOnlyList<TestAccount> Accounts { get; } =
    [
        new("ada", "ada@gmail.com", true, "Ada", "Lovelace", null, "Verified Gmail-style account"),
        new("grace", "grace@gmail.com", true, "Grace", "Hopper", null, "Verified Gmail-style account"),
        new("alan", "alan@example.net", false, "Alan", "Turing", null, "Email not verified"),
        new("katherine", "katherine@nasa.example", true, "Katherine", "Johnson", "nasa.example", "Google Workspace account (hosted domain nasa.example)"),
    ];

    public TestAccount? FindAccount(string id) => Accounts.FirstOrDefault(a => a.Id == id);

    /// <summary>An account for any email and name typed into the chooser; the same email is always the same user.</summary>
    public static TestAccount CustomAccount(string email, string? name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var normalizedEmail = email.Trim().ToLowerInvariant();
        var parts = (name ?? string.Empty).Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var givenName = parts.Length > 0 ? parts[0] : normalizedEmail.Split('@')[0];
        var familyName = parts.Length > 1 ? parts[1] : string.Empty;
        var id = "custom-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)), 0, 10);
        return new TestAccount(id, normalizedEmail, true, givenName, familyName, null, "Typed in");
    }

    /// <summary>Signs an ID token for <paramref name="account"/> as Google would for the development client.</summary>
    public string MintIdToken(TestAccount account, string? nonce) =>
        MintIdToken(account, nonce, "https://accounts.google.com", DevelopmentSignIn.ClientId);

    /// <summary>
    /// Signs an ID token for <paramref name="account"/> as the development provider's own token endpoint
    /// answers the redirect sign-in: its own issuer, the same key and the same <c>sub</c>.
    /// </summary>
    public string MintIdToken(TestAccount account, string? nonce, string issuer, string clientId)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = _timeProvider.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["azp"] = clientId,
            ["aud"] = clientId,
            ["sub"] = $"dev-{account.Id}",
            ["email"] = account.Email,
            ["email_verified"] = account.EmailVerified,
            ["name"] = account.Name,
            ["given_name"] = account.GivenName,
            ["family_name"] = account.FamilyName,
            ["picture"] = AvatarDataUrl(account),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-30).ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        if (account.HostedDomain is not null)
        {
            payload["hd"] = account.HostedDomain;
        }

        if (!string.IsNullOrEmpty(nonce))
        {
            payload["nonce"] = nonce;
        }

        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>
    /// A secret for <paramref name="purpose"/>, derived from the signing key: the same on every instance that
    /// shares the key file, and never the signing key itself.
    /// </summary>
    public byte[] DeriveSecret(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key.ExportPkcs8PrivateKey(), 32, info: Encoding.UTF8.GetBytes(purpose));

    public void Dispose() => _key.Dispose();

    private static string Encode(JsonNode node) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(node));

    // An initial on a coloured disc, inline so the profile shows a picture with no network.
    private static string AvatarDataUrl(TestAccount account)
    {
        var hue = SHA256.HashData(Encoding.UTF8.GetBytes(account.Id))[0] * 360 / 256;
        var initial = WebUtility.HtmlEncode(account.GivenName[..1].ToUpperInvariant());
        var svg =
            $"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 96 96'><rect width='96' height='96' fill='hsl({hue},55%,45%)'/>" +
            $"<text x='48' y='62' font-family='Arial,sans-serif' font-size='44' fill='white' text-anchor='middle'>{initial}</text></svg>";
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
