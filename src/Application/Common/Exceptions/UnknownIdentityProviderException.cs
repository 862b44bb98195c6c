namespace GoogleLogin.Application.Common.Exceptions;

public sealed class UnknownIdentityProviderException(string provider)
    : Exception($"No identity provider named '{provider}' is configured.")
{
    public string Provider { get; } = provider;
}
