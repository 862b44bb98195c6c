namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>The provider's signing keys could not be fetched, so no token could be checked.</summary>
public sealed class IdentityProviderUnavailableException(string provider, Exception? innerException = null)
    : Exception($"The identity provider '{provider}' is unavailable.", innerException)
{
    public string Provider { get; } = provider;
}
