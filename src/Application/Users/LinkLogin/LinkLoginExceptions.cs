namespace GoogleLogin.Application.Users.LinkLogin;

/// <summary>
/// The session was opened too long ago to change how the account signs in: a stolen old session must not
/// add its thief's own login. Signing in again opens a fresh one.
/// </summary>
public sealed class ReauthenticationRequiredException(TimeSpan window)
    : Exception("Changing sign-in methods needs a recent sign-in.")
{
    public TimeSpan Window { get; } = window;
}

/// <summary>The provider account already signs in as another user; linking it would take it from there.</summary>
public sealed class LoginBelongsToAnotherUserException(string providerDisplayName)
    : Exception($"The {providerDisplayName} account signs in to another user.")
{
    public string ProviderDisplayName { get; } = providerDisplayName;
}
