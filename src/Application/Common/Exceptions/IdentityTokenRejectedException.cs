namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The ID token is not acceptable. <see cref="Reason"/> is a short code for the log only: clients
/// get one generic answer so a failure tells an attacker nothing about which check stopped them.
/// </summary>
public sealed class IdentityTokenRejectedException(string reason, Exception? innerException = null)
    : Exception($"The identity token was rejected ({reason}).", innerException)
{
    public string Reason { get; } = reason;
}
