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
internal sealed partial class OpenIdConnectTokenVerifier(
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
            return new IdentityProviderPolicy(settings.DisplayName ?? name, settings.RequireNonce);
        }
    }

    public async Task<VerifiedIdentity> VerifyAsync(string idToken, CancellationToken cancellationToken)
    {
        var settings = options.Get(name);
        var header = JwtHeader.TryParse(idToken) ?? throw Reject("malformed");
        if (header.HasCriticalExtensions)
        {
            throw Reject("critical_header");
        }

        if (header.Algorithm is not { } algorithm || !AsymmetricAlgorithms.Contains(algorithm))
        {
            throw Reject("unsupported_algorithm");
        }

        if (string.IsNullOrEmpty(header.KeyId))
        {
            throw Reject("missing_kid");
        }

        var metadata = await discovery.GetAsync(name, settings.Authority!, cancellationToken);
        if (!metadata.SigningAlgorithms.Contains(algorithm))
        {
            throw Reject("algorithm_not_offered");
        }

        var signingKey = await keySetCache.FindSigningKeyAsync(metadata.JsonWebKeySetUrl, header.KeyId, cancellationToken)
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

        // An access token of the same issuer and audience (RFC 9068) is no proof of who signs in.
        if (token.Typ is "at+jwt" or "application/at+jwt")
        {
            throw Reject("not_an_id_token");
        }

        using var payload = ParsePayload(token);
        var claims = payload.RootElement;
        if (claims.TryGetProperty("scp", out _) || claims.TryGetProperty("scope", out _))
        {
            throw Reject("not_an_id_token");
        }

        var tenant = settings.Kind == OpenIdConnectProviderKind.Microsoft ? claims.GetStringOrNull("tid") : null;
        if (token.Issuer != ExpectedIssuer(metadata, tenant))
        {
            throw Reject("untrusted_issuer");
        }

        CheckIssuedAt(claims, settings.ClockTolerance);

        if (token.Audiences.Any(audience => !settings.ClientIds.Contains(audience, StringComparer.Ordinal)))
        {
            throw Reject("untrusted_audience");
        }

        var authorizedParty = claims.GetStringOrNull("azp");
        if (claims.TryGetProperty("azp", out _) && (authorizedParty is null || !settings.ClientIds.Contains(authorizedParty, StringComparer.Ordinal)))
        {
            throw Reject("untrusted_authorized_party");
        }

        // OpenID Connect Core 3.1.3.7: with several audiences, azp says which client the token is for.
        if (authorizedParty is null && token.Audiences.Skip(1).Any())
        {
            throw Reject("missing_authorized_party");
        }

        // An identifier: control characters (NUL, which PostgreSQL cannot store, among them) make it none.
        if (claims.GetStringOrNull("sub") is not { } subject || string.IsNullOrWhiteSpace(subject) ||
            subject.Length > Limits.SubjectLength || subject.Any(char.IsControl))
        {
            throw Reject("invalid_subject");
        }

        if (settings.Kind == OpenIdConnectProviderKind.Microsoft && settings.Tenants.Count > 0 &&
            !settings.Tenants.Contains(tenant!, StringComparer.OrdinalIgnoreCase))
        {
            LogTokenRejected(logger, name, "tenant_not_allowed", null);
            throw new IdentityNotAllowedException("tenant_not_allowed");
        }

        var email = claims.GetStringOrNull("email");
        return new VerifiedIdentity(
            Issuer: token.Issuer,
            Subject: subject,
            Email: email,
            EmailVerified: email is not null && IsVerified(claims, settings.Kind),
            GivenName: claims.GetStringOrNull("given_name"),
            FamilyName: claims.GetStringOrNull("family_name"),
            PictureUrl: claims.GetStringOrNull("picture"),
            HostedDomain: null,
            Nonce: claims.GetStringOrNull("nonce"));
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

    /// <summary>
    /// The discovery document's issuer; under a Microsoft multi-tenant authority, its <c>{tenantid}</c>
    /// filled with the token's own <c>tid</c>, so a token must name the tenant that issued it twice, alike.
    /// </summary>
    private string ExpectedIssuer(OpenIdConnectMetadata metadata, string? tenant)
    {
        if (!metadata.Issuer.Contains("{tenantid}", StringComparison.Ordinal))
        {
            return metadata.Issuer;
        }

        // The tenant is read for Microsoft providers only: for any other, a {tenantid} issuer stays unmatched.
        if (tenant is null || !Guid.TryParseExact(tenant, "D", out _))
        {
            throw Reject("untrusted_issuer");
        }

        return metadata.Issuer.Replace("{tenantid}", tenant, StringComparison.Ordinal);
    }

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

    /// <summary>
    /// Which emails the provider vouches for. Only those count in the "belongs to another account" rule,
    /// so nobody can lock a person out by claiming their address at a lax provider. Microsoft Entra lets
    /// tenant admins set any <c>email</c>; only <c>xms_edov</c> (the domain's owner verified it) vouches.
    /// </summary>
    private static bool IsVerified(JsonElement claims, OpenIdConnectProviderKind kind) =>
        claims.TryGetProperty(kind == OpenIdConnectProviderKind.Microsoft ? "xms_edov" : "email_verified", out var verified) &&
        verified.ValueKind == JsonValueKind.True;

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

    private IdentityTokenRejectedException Reject(string reason, Exception? exception = null)
    {
        // The exception's type, never its message: it may quote the token.
        var exceptionType = exception?.GetType().Name;
        LogTokenRejected(logger, name, reason, exceptionType);
        return new IdentityTokenRejectedException(reason, exception);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ID token of provider {Provider} rejected: {Reason} {ExceptionType}")]
    private static partial void LogTokenRejected(ILogger logger, string provider, string reason, string? exceptionType);
}
