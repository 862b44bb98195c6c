using System.Buffers.Text;
using System.Text.Json;
using Google.Apis.Auth;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace GoogleLogin.Infrastructure.Identity.Google;

/// <summary>
/// Verifies Google ID tokens locally, as Google's "verify the ID token on your server" guide asks:
/// RS256 signature by a key Google publishes, <c>iss</c> is Google, <c>aud</c> is one of our client
/// IDs, <c>iat</c>/<c>exp</c> (and <c>nbf</c>, when present) within tolerance, <c>sub</c> present.
/// </summary>
internal sealed class GoogleIdTokenVerifier(
    IOptionsMonitor<GoogleAuthOptions> options,
    IDevelopmentSignIn developmentSignIn,
    JsonWebKeySetCache keySetCache,
    ILogger<GoogleIdTokenVerifier> logger) : IIdentityTokenVerifier
{
    /// <summary>Google's issuer, under which its users are stored.</summary>
    public const string Issuer = "https://accounts.google.com";

    /// <summary>Google signs ID tokens with RS256 only.</summary>
    private static readonly string[] SigningAlgorithms = ["RS256"];

    /// <summary>Google issues tokens under both spellings; users are stored under the first.</summary>
    private static readonly string[] GoogleIssuers = [Issuer, "accounts.google.com"];

    public string Provider => "google";

    /// <summary>
    /// Google's button is offered with the first client ID, unless development sign-in stands in for Google:
    /// the button cannot run with the development client ID, and the test accounts take its place.
    /// </summary>
    public IdentityProviderPolicy Policy
    {
        get
        {
            var settings = options.CurrentValue;
            var button = developmentSignIn.IsActive || settings.ClientIds.Count == 0 ? null : new BrowserSignIn(SignInMethod.GoogleButton, settings.ClientIds[0]);
            return new("Google", settings.RequireNonce, button);
        }
    }

    public async Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (settings.ClientIds.Count == 0)
        {
            throw Reject("no_client_id_configured");
        }

        var header = JwtHeader.TryParse(idToken);
        if (IdTokenChecks.HeaderFailure(header, SigningAlgorithms) is { } headerFailure)
        {
            throw Reject(headerFailure);
        }

        // A key Google.Apis.Auth cannot use (an EC key, or an RSA key bound to PS256) is no key of Google's.
        var signingKey = await keySetCache.FindSigningKeyAsync(Provider, settings.CertificatesUrl, header!.KeyId!, cancellationToken);
        if (signingKey?.KeySetJson is not { } keySetJson)
        {
            throw Reject("unknown_kid");
        }

        var payload = await VerifySignatureAndClaimsAsync(idToken, signingKey, keySetJson, settings, cancellationToken);

        if (IdTokenChecks.AudienceFailure(AudiencesOf(payload), payload.AuthorizedParty is not null, payload.AuthorizedParty, settings.ClientIds) is { } audienceFailure)
        {
            throw Reject(audienceFailure);
        }

        if (!IdTokenChecks.IsSubject(payload.Subject))
        {
            throw Reject("invalid_subject");
        }

        if (settings.HostedDomains.Count > 0 && !settings.HostedDomains.Contains(payload.HostedDomain ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            throw IdTokenChecks.NotAdmitted(logger, Provider, "hosted_domain_not_allowed");
        }

        return new VerifiedIdentity(
            Issuer: GoogleIssuers[0],
            Subject: payload.Subject,
            Email: payload.Email,
            EmailVerified: payload.EmailVerified && VouchesForEmail(payload),
            GivenName: payload.GivenName,
            FamilyName: payload.FamilyName,
            PictureUrl: payload.Picture,
            HostedDomain: payload.HostedDomain,
            Nonce: payload.Nonce);
    }

    /// <summary>
    /// Google sends one audience, as a string; OpenID Connect also allows a list. Google.Apis.Auth
    /// admits a list with one trusted entry and reads nothing from it, so every entry is read here.
    /// An entry that is not a string reads as null, which no client ID matches.
    /// </summary>
    private static IReadOnlyList<string?> AudiencesOf(GoogleIdTokenPayload payload) => payload.Audience switch
    {
        string audience => [audience],
        JArray list => [.. list.Select(entry => entry.Type == JTokenType.String ? entry.Value<string>() : null)],
        _ => [],
    };

    /// <summary>
    /// Google can vouch that an account holds its email today only where Google runs the mailbox:
    /// Gmail addresses, and Workspace accounts (<c>hd</c> set), whose domain admin controls every
    /// address. A consumer account with another email proves only that it once received a code there,
    /// so its <c>email_verified</c> counts for nothing here: a stale account holding <c>alice@corp.example</c>
    /// must not lock the address's owner out (the 409 rule compares verified emails only).
    /// <c>hd</c> is not compared with the email's domain: a Workspace may own several domains.
    /// </summary>
    private static bool VouchesForEmail(GoogleIdTokenPayload payload) =>
        !string.IsNullOrEmpty(payload.HostedDomain) ||
        payload.Email?.Split('@') is [_, var domain] &&
        (domain.Equals("gmail.com", StringComparison.OrdinalIgnoreCase) || domain.Equals("googlemail.com", StringComparison.OrdinalIgnoreCase));

    private async Task<GoogleIdTokenPayload> VerifySignatureAndClaimsAsync(
        string idToken,
        SigningKey signingKey,
        string keySetJson,
        GoogleAuthOptions settings,
        CancellationToken cancellationToken)
    {
        var verification = new SignedTokenVerificationOptions
        {
            // Google.Apis.Auth caches keys per URL for an hour and tries every key it holds. Handing it
            // a key set of just the token's key, under a URL that names that key and its version, binds
            // the signature to the kid and lets our cache decide when keys change.
            CertificatesUrl = $"{settings.CertificatesUrl}#kid={Uri.EscapeDataString(signingKey.KeyId)}&v={signingKey.KeySetVersion}",
            HttpClientFactory = new CachedKeySetHttpClientFactory(keySetJson),
            IssuedAtClockTolerance = settings.ClockTolerance,
            ExpiryClockTolerance = settings.ClockTolerance,
        };
        foreach (var issuer in GoogleIssuers)
        {
            verification.TrustedIssuers.Add(issuer);
        }

        foreach (var clientId in settings.ClientIds)
        {
            verification.TrustedAudiences.Add(clientId);
        }

        GoogleIdTokenPayload payload;
        try
        {
            payload = await JsonWebSignature.VerifySignedTokenAsync<GoogleIdTokenPayload>(idToken, verification, cancellationToken);
        }
        catch (InvalidJwtException exception)
        {
            throw Reject("invalid_token", exception);
        }
        catch (Exception exception) when (exception is Newtonsoft.Json.JsonException or FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            // Google.Apis.Auth throws these for bad base64, junk JSON and wrongly typed claims.
            throw Reject("malformed", exception);
        }

        if (ClaimsFailure(idToken) is { } claimsFailure)
        {
            throw Reject(claimsFailure);
        }

        // Google.Apis.Auth checks iat and exp but not nbf. Checked here by the clock the library uses,
        // in seconds, so that no value can overflow a date.
        var now = new DateTimeOffset(global::Google.Apis.Util.SystemClock.Default.UtcNow, TimeSpan.Zero);
        var latestNotBefore = now.ToUnixTimeSeconds() + (long)settings.ClockTolerance.TotalSeconds;
        if (payload.NotBeforeTimeSeconds > latestNotBefore)
        {
            throw Reject("not_yet_valid");
        }

        return payload;
    }

    /// <summary>
    /// Newtonsoft, which reads the payload for Google.Apis.Auth, takes the string <c>"true"</c> for a
    /// boolean and a number for a string. A claim of another JSON type than its meaning is refused instead
    /// (<c>malformed</c>), and so is a token with the claims of another kind of token (<c>not_an_id_token</c>).
    /// </summary>
    private static string? ClaimsFailure(string idToken)
    {
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(idToken.Split('.')[1]));
            var claims = payload.RootElement;
            if (claims.ValueKind != JsonValueKind.Object)
            {
                return "malformed";
            }

            if (IdTokenChecks.HasClaimsOfAnotherToken(claims))
            {
                return "not_an_id_token";
            }

            return claims.EnumerateObject().All(claim => claim.Name switch
            {
                "email_verified" => claim.Value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "iat" or "exp" or "nbf" => claim.Value.ValueKind is JsonValueKind.Number,
                "iss" or "sub" or "azp" or "email" or "name" or "given_name" or "family_name" or "picture" or "hd" or "nonce" or "locale"
                    => claim.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null,
                _ => true,
            })
                ? null
                : "malformed";
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return "malformed";
        }
    }

    /// <summary>
    /// Only Google.Apis.Auth's own validation messages are logged as the failed check: fixed texts naming the check
    /// that failed (signature, 'aud', issuer, expiry), never a value from the token, unlike Newtonsoft's messages.
    /// </summary>
    private IdentityTokenRejectedException Reject(string reason, Exception? exception = null) =>
        IdTokenChecks.Reject(logger, Provider, reason, exception, (exception as InvalidJwtException)?.Message);
}
