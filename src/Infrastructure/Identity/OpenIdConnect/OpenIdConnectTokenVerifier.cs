using System.Buffers.Text;
using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>
/// Verifies the ID tokens of one configured OpenID Connect provider (<c>Auth:Providers:&lt;name&gt;</c>):
/// an asymmetric signature (RS256, PS256 or ES256, and only those the discovery document lists) by a
/// key the provider publishes at its <c>jwks_uri</c>, checked by Microsoft.IdentityModel's
/// <see cref="JsonWebTokenHandler"/>; then the issuer exactly, every audience, <c>azp</c>,
/// <c>exp</c>, <c>nbf</c> and <c>iat</c>, and <c>sub</c>.
/// </summary>
internal sealed class OpenIdConnectTokenVerifier(
    string name,
    IOptionsMonitor<OpenIdConnectProviderOptions> options,
    OpenIdConnectDiscovery discovery,
    JsonWebKeySetCache keySetCache,
    TimeProvider timeProvider,
    ILogger<OpenIdConnectTokenVerifier> logger) : IIdentityTokenVerifier
{
    /// <summary>What any provider may sign with: never <c>none</c>, never HMAC (whose key would be the public one).</summary>
    private static readonly string[] AsymmetricAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    private static readonly JsonWebTokenHandler TokenHandler = new();

    public string Provider => name;

    public IdentityProviderPolicy Policy
    {
        get
        {
            var settings = options.Get(name);
            // With a client secret it offers the redirect sign-in; without, ID tokens only.
            var redirect = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : new BrowserSignIn(SignInMethod.Redirect);
            return new IdentityProviderPolicy(settings.DisplayName ?? name, settings.RequireNonce, redirect, settings.ClockTolerance);
        }
    }

    public async Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken)
    {
        var settings = options.Get(name);
        var kind = settings.KindRules;
        var header = JwtHeader.TryParse(idToken);
        if (IdTokenChecks.HeaderFailure(header, AsymmetricAlgorithms) is { } headerFailure)
        {
            throw Reject(headerFailure);
        }

        var algorithm = header!.Algorithm!;
        var metadata = await discovery.GetAsync(name, settings.Authority!, kind, cancellationToken);
        if (!metadata.SigningAlgorithms.Contains(algorithm))
        {
            throw Reject("algorithm_not_offered");
        }

        var signingKey = await keySetCache.FindSigningKeyAsync(name, metadata.JsonWebKeySetUrl, header.KeyId!, cancellationToken)
            ?? throw Reject("unknown_kid");
        if (!signingKey.Fits(algorithm))
        {
            throw Reject("key_algorithm_mismatch");
        }

        var validation = await TokenHandler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            IssuerSigningKey = signingKey.Key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [algorithm],
            RequireSignedTokens = true,
            ValidateAudience = true,
            ValidAudiences = settings.ClientIds,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = settings.ClockTolerance,
            // Checked below, exactly, once the signature is known good (and with the tenant in it for Microsoft).
            ValidateIssuer = false,
            // The key's freshness is the key cache's business.
            ValidateIssuerSigningKey = false,
        });
        if (!validation.IsValid)
        {
            throw Reject(ReasonFor(validation.Exception), validation.Exception);
        }

        var token = (JsonWebToken)validation.SecurityToken;

        using var payload = ParsePayload(token);
        var claims = payload.RootElement;
        if (IdTokenChecks.HasClaimsOfAnotherToken(claims))
        {
            throw Reject("not_an_id_token");
        }

        // Exactly the document's issuer, as the provider's kind reads it (a Microsoft tenant's filled in).
        if (kind.ExpectedIssuer(metadata.Issuer, claims) is not { } expectedIssuer || token.Issuer != expectedIssuer)
        {
            throw Reject("untrusted_issuer");
        }

        CheckIssuedAt(claims, settings.ClockTolerance);

        if (IdTokenChecks.AudienceFailure([.. token.Audiences], claims.TryGetProperty("azp", out _), claims.GetStringOrNull("azp"), settings.ClientIds) is { } audienceFailure)
        {
            throw Reject(audienceFailure);
        }

        var subject = claims.GetStringOrNull("sub");
        if (!IdTokenChecks.IsSubject(subject))
        {
            throw Reject("invalid_subject");
        }

        if (kind.NotAdmitted(claims, settings) is { } notAdmitted)
        {
            throw IdTokenChecks.NotAdmitted(logger, name, notAdmitted);
        }

        var email = claims.GetStringOrNull("email");
        return new VerifiedIdentity(
            Issuer: token.Issuer,
            Subject: subject!,
            Email: email,
            EmailVerified: email is not null && kind.VouchesForEmail(claims),
            GivenName: claims.GetStringOrNull("given_name"),
            FamilyName: claims.GetStringOrNull("family_name"),
            PictureUrl: claims.GetStringOrNull("picture"),
            HostedDomain: null,
            Nonce: claims.GetStringOrNull("nonce"),
            AuthenticatedAt: AuthTimeOf(claims));
    }

    /// <summary>The payload as JSON; the library has parsed it already, so this fails only for a provider's own malformed token.</summary>
    private JsonDocument ParsePayload(JsonWebToken token)
    {
        try
        {
            var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token.EncodedPayload));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            throw Reject("malformed", exception);
        }

        throw Reject("malformed");
    }

    /// <summary><c>auth_time</c> (seconds since the epoch), or null when it is missing or not a time.</summary>
    private static DateTimeOffset? AuthTimeOf(JsonElement claims) =>
        claims.TryGetProperty("auth_time", out var authTime) &&
        authTime.ValueKind == JsonValueKind.Number &&
        authTime.TryGetInt64(out var seconds) &&
        seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary><c>iat</c> is required (OpenID Connect Core 2), a number, and not in the future beyond the tolerance.</summary>
    private void CheckIssuedAt(JsonElement claims, TimeSpan tolerance)
    {
        if (!claims.TryGetProperty("iat", out var issuedAt) || issuedAt.ValueKind != JsonValueKind.Number || !issuedAt.TryGetInt64(out var seconds))
        {
            throw Reject("missing_issued_at");
        }

        if (seconds > timeProvider.GetUtcNow().ToUnixTimeSeconds() + (long)tolerance.TotalSeconds)
        {
            throw Reject("issued_in_the_future");
        }
    }

    private static string ReasonFor(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenNoExpirationException => "missing_expiry",
        SecurityTokenInvalidAudienceException => "untrusted_audience",
        SecurityTokenInvalidAlgorithmException => "unsupported_algorithm",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "invalid_signature",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        _ => "invalid_token",
    };

    private IdentityTokenRejectedException Reject(string reason, Exception? exception = null) =>
        IdTokenChecks.Reject(logger, name, reason, exception);
}
