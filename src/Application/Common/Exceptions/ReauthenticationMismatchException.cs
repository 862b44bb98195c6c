namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// Signing in again in place proved an account that is none of the signed-in user's logins. Renewing the session
/// with it would let anyone's account stand in for the user's own, so the session stays as it was.
/// </summary>
public sealed class ReauthenticationMismatchException()
    : Exception("The account is not one of the signed-in user's sign-in methods.");
