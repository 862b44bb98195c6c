namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>The provider account already signs in as another user; linking it would take it from there.</summary>
public sealed class LoginBelongsToAnotherUserException(string providerDisplayName)
    : Exception($"The {providerDisplayName} account signs in to another user.")
{
    public string ProviderDisplayName { get; } = providerDisplayName;
}
