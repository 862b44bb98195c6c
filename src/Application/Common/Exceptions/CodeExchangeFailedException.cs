namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>The provider's token endpoint did not redeem the authorization code for an ID token.</summary>
public sealed class CodeExchangeFailedException(string reason, Exception? innerException = null)
    : Exception($"The provider did not redeem the authorization code ({reason}).", innerException)
{
    /// <summary>A short description for the log only; never shown to the browser.</summary>
    public string Reason { get; } = reason;
}
