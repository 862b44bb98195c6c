namespace GoogleLogin.Domain.Audit;

/// <summary>What happened to an account. Stored by name: renaming a member breaks existing rows.</summary>
public enum SecurityEventType
{
    /// <summary>Read from a row whose type this version does not know (written by a newer one): never recorded.</summary>
    Unknown,

    SignedIn,
    SignedOut,
    SessionRevoked,
    SignedOutEverywhere,
    SignedOutElsewhere,
    LoginLinked,
    LoginUnlinked,

    /// <summary>Another provider's account with this user's verified email was refused.</summary>
    SignInRefusedEmailInUse,

    /// <summary>One of this user's logins was refused because the account is disabled.</summary>
    SignInRefusedDisabled,

    /// <summary>The person signed in again in place (a recent sign-in for a sensitive change): the session was renewed.</summary>
    Reauthenticated,
}
