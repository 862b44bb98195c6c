namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The session was opened too long ago to change how the account signs in: a stolen old session must not
/// add its thief's own login. Signing in again opens a fresh one.
/// </summary>
public sealed class ReauthenticationRequiredException(TimeSpan window)
    : Exception("Changing sign-in methods needs a recent sign-in.")
{
    public TimeSpan Window { get; } = window;
}
