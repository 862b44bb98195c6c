using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Common;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Infrastructure.Identity;

/// <summary>
/// The checks of an ID token that are the same whoever issued it (OpenID Connect Core 3.1.3.7), written once
/// for every verifier, and the one way a verifier refuses a token: logged with its reason, answered alike.
/// </summary>
internal static partial class IdTokenChecks
{
    /// <summary>
    /// The header, read before any key is looked up: a compact JWS, no critical extension this code does not
    /// know, one of <paramref name="algorithms"/>, and a key id. The reason it fails, or null.
    /// </summary>
    public static string? HeaderFailure(JwtHeader? header, IReadOnlyCollection<string> algorithms) => header switch
    {
        null => "malformed",
        { HasCriticalExtensions: true } => "critical_header",
        // Explicit typing (RFC 8725 3.11): an access token (at+jwt) or a logout token (logout+jwt) of the same
        // issuer and audience is no ID token; an ID token's typ is JWT, or absent.
        { Type: { } type } when !IsIdTokenType(type) => "not_an_id_token",
        { Algorithm: var algorithm } when algorithm is null || !algorithms.Contains(algorithm) => "unsupported_algorithm",
        { KeyId: null or "" } => "missing_kid",
        _ => null,
    };

    /// <summary>
    /// Every audience is one of this application's client IDs; <c>azp</c>, when present, too; and with several
    /// audiences <c>azp</c> must say which client the token is for. An audience that is not a string is null,
    /// which no client ID matches. The reason it fails, or null.
    /// </summary>
    /// <param name="hasAuthorizedParty">Whether the token has an <c>azp</c> claim at all (its value may not be a string).</param>
    public static string? AudienceFailure(
        IReadOnlyList<string?> audiences, bool hasAuthorizedParty, string? authorizedParty, IReadOnlyCollection<string> clientIds)
    {
        if (audiences.Count == 0)
        {
            return "missing_audience";
        }

        if (audiences.Any(audience => audience is null || !clientIds.Contains(audience, StringComparer.Ordinal)))
        {
            return "untrusted_audience";
        }

        if (hasAuthorizedParty && (authorizedParty is null || !clientIds.Contains(authorizedParty, StringComparer.Ordinal)))
        {
            return "untrusted_authorized_party";
        }

        return !hasAuthorizedParty && audiences.Count > 1 ? "missing_authorized_party" : null;
    }

    /// <summary>
    /// Claims only other tokens carry: an access token's <c>scp</c> or <c>scope</c>, a logout token's <c>events</c>.
    /// Such a token, whatever its header says, is not proof of who signs in.
    /// </summary>
    public static bool HasClaimsOfAnotherToken(JsonElement claims) =>
        claims.TryGetProperty("scp", out _) || claims.TryGetProperty("scope", out _) || claims.TryGetProperty("events", out _);

    /// <summary><c>JWT</c>, or its media type <c>application/jwt</c> (RFC 7515 4.1.9), in any case.</summary>
    private static bool IsIdTokenType(string type) =>
        type.Equals("JWT", StringComparison.OrdinalIgnoreCase) || type.Equals("application/jwt", StringComparison.OrdinalIgnoreCase);

    /// <summary>A subject is an identifier: not blank, not too long to store, no control characters (PostgreSQL cannot store NUL).</summary>
    public static bool IsSubject(string? subject) =>
        !string.IsNullOrWhiteSpace(subject) && subject.Length <= Limits.SubjectLength && !subject.Any(char.IsControl);

    /// <summary>
    /// Logs why <paramref name="provider"/>'s token was refused and returns the exception that answers it. Only the
    /// reason, the exception's type and a fixed text naming the failed check are logged, never the exception's
    /// message, which may quote the token.
    /// </summary>
    public static IdentityTokenRejectedException Reject(ILogger logger, string provider, string reason, Exception? exception = null, string? failedCheck = null)
    {
        var exceptionType = exception?.GetType().Name;
        LogTokenRejected(logger, reason, exceptionType, failedCheck, provider);
        return new IdentityTokenRejectedException(reason, exception);
    }

    /// <summary>Logged when a genuine token's identity is not admitted (a hosted domain, a tenant): answered 403, not 401.</summary>
    public static IdentityNotAllowedException NotAdmitted(ILogger logger, string provider, string reason)
    {
        LogTokenRejected(logger, reason, exceptionType: null, failedCheck: null, provider);
        return new IdentityNotAllowedException(reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ID token rejected: {Reason} {ExceptionType} {FailedCheck} (provider {Provider})")]
    private static partial void LogTokenRejected(ILogger logger, string reason, string? exceptionType, string? failedCheck, string provider);
}
