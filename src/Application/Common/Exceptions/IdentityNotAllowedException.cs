namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The token is genuine, but this application's policy does not admit the identity (for example
/// an account outside the allowed Google Workspace domains). <see cref="Reason"/> is for the log.
/// </summary>
public sealed class IdentityNotAllowedException(string reason)
    : Exception($"The identity is not allowed to sign in ({reason}).")
{
    public string Reason { get; } = reason;
}
