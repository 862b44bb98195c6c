using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>
/// Seals a redirect's <see cref="AuthorizationState"/> into the <c>state</c> parameter, and opens it again at the
/// callback: encrypted and authenticated under keys every instance shares, so the start stores nothing and any
/// instance can finish it.
/// </summary>
public interface IAuthorizationStateProtector
{
    string Protect(AuthorizationState state);

    /// <summary>The state sealed in <paramref name="sealedState"/>, or null if this application did not seal it or it was altered. Its expiry is the caller's to check.</summary>
    AuthorizationState? Unprotect(string sealedState);
}
