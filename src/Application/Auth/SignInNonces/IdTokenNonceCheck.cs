using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Application.Auth.SignInNonces;

/// <summary>
/// The nonce rules of every use of an ID token (a sign-in, a link): its nonce is accepted only if this
/// application issued it to this browser, it has not expired, and no earlier use took it; using it stores
/// it as used. So each token is used at most once, and only in the browser that asked for its nonce.
/// </summary>
public sealed partial class IdTokenNonceCheck(
    ISignInNonceRepository nonces,
    ISignInNonceKeyStore nonceKeys,
    TimeProvider timeProvider,
    ILogger<IdTokenNonceCheck> logger)
{
    /// <param name="tokenNonce">The nonce the verified token carries.</param>
    /// <param name="requestNonce">The nonce the browser says it gave the provider, if any.</param>
    /// <param name="nonceBinding">The binding value of the browser's pre-login cookie.</param>
    /// <exception cref="IdentityTokenRejectedException">The nonce is missing, not the one sent, unknown, expired, used, or another browser's.</exception>
    public async Task ConsumeAsync(
        IdentityProviderPolicy policy,
        string? tokenNonce,
        string? requestNonce,
        string? nonceBinding,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (tokenNonce is null)
        {
            if (policy.RequireNonce || requestNonce is not null)
            {
                throw Reject("nonce_missing");
            }

            return;
        }

        // The browser sends back the nonce it gave the provider: a token minted for another page is refused.
        if (requestNonce is not null &&
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(requestNonce), Encoding.UTF8.GetBytes(tokenNonce)))
        {
            throw Reject("nonce_mismatch");
        }

        var (check, use) = SignInNonce.Check(tokenNonce, nonceBinding, await nonceKeys.GetKeyAsync(cancellationToken), timeProvider.GetUtcNow());
        // Stored only now, once the binding is checked: another client's attempt leaves it for the browser
        // it belongs to.
        if (check == SignInNonceCheck.Valid && await nonces.TryRecordUseAsync(use!, cancellationToken))
        {
            return;
        }

        // Only to name the reason in the log (a replay from elsewhere is a replay first); the client gets
        // the same answer either way.
        throw Reject(check == SignInNonceCheck.NotBoundToThisBrowser && !await nonces.IsUsedAsync(SignInNonce.HashOf(tokenNonce), cancellationToken)
            ? "nonce_not_bound_to_this_browser"
            : "nonce_unknown_expired_or_used");
    }

    private IdentityTokenRejectedException Reject(string reason)
    {
        LogTokenRejected(logger, reason);
        return new IdentityTokenRejectedException(reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ID token rejected: {Reason}")]
    private static partial void LogTokenRejected(ILogger logger, string reason);
}
