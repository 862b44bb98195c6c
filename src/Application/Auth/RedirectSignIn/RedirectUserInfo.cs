using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Application.Auth.RedirectSignIn;

/// <summary>
/// The userinfo rules of a redirect's verified ID token, for its sign-in and its link alike. A conforming provider
/// may keep the profile (email, its verification, names, picture) out of the code flow's ID token and answer it
/// at its userinfo endpoint (OpenID Connect Core 5.4); the email rules depend on it, so an answer that cannot be
/// read fails the sign-in rather than leaving an empty profile.
/// </summary>
public sealed partial class RedirectUserInfo(IEnumerable<IAuthorizationCodeClient> clients, ILogger<RedirectUserInfo> logger)
{
    /// <summary>
    /// The identity with what its ID token lacks filled from the provider's userinfo, read with
    /// <paramref name="accessToken"/>; as it is when there is no access token (an ID-token sign-in) or the
    /// provider has no userinfo endpoint.
    /// </summary>
    /// <exception cref="IdentityTokenRejectedException">The userinfo answer is about another subject.</exception>
    /// <exception cref="IdentityProviderUnavailableException">The userinfo endpoint could not be read.</exception>
    public async Task<VerifiedIdentity> SupplementAsync(string provider, VerifiedIdentity verified, string? accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if (accessToken is null)
        {
            return verified;
        }

        var client = clients.Find(provider) ?? throw new UnknownIdentityProviderException(provider);
        if (await client.ReadUserInfoAsync(accessToken, cancellationToken) is not { } userInfo)
        {
            return verified;
        }

        // Another subject's claims (a substituted access token, OpenID Connect Core 5.3.2) must not fill this one's profile.
        if (!string.Equals(userInfo.Subject, verified.Subject, StringComparison.Ordinal))
        {
            LogSubjectMismatch(logger, provider);
            throw new IdentityTokenRejectedException("userinfo_subject_mismatch");
        }

        return Merge(verified, userInfo);
    }

    /// <summary>
    /// The ID token's claims win; userinfo fills only what it lacks. An email and its verification go together: a
    /// token's email keeps the token's verdict (its provider's rule made it), and only a token without one takes
    /// userinfo's email with userinfo's verdict.
    /// </summary>
    private static VerifiedIdentity Merge(VerifiedIdentity verified, UserInfo userInfo) => verified with
    {
        Email = verified.Email ?? userInfo.Email,
        EmailVerified = verified.Email is null ? userInfo.Email is not null && userInfo.EmailVerified : verified.EmailVerified,
        GivenName = verified.GivenName ?? userInfo.GivenName,
        FamilyName = verified.FamilyName ?? userInfo.FamilyName,
        PictureUrl = verified.PictureUrl ?? userInfo.PictureUrl,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The userinfo answer of provider {Provider} names another subject than its ID token: the sign-in is refused")]
    private static partial void LogSubjectMismatch(ILogger logger, string provider);
}
