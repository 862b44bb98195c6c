namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// A provider account the application has not seen claims the verified email of an existing user.
/// Signing it in as that user would hand the account to whoever holds the email now (a lapsed
/// domain re-registered, a reassigned address), so it is refused: the person signs in the way the
/// account already does, and links this one from there, on purpose.
/// </summary>
/// <param name="ownerProvider">The route name of the provider the existing account signs in with (its most recently used login).</param>
/// <param name="ownerProviderDisplayName">That provider's name as people know it.</param>
/// <param name="providerDisplayName">The provider of the refused account.</param>
public sealed class EmailAlreadyRegisteredException(string ownerProvider, string ownerProviderDisplayName, string providerDisplayName)
    : Exception($"The email address belongs to an account that signs in with {ownerProviderDisplayName}.")
{
    public string OwnerProvider { get; } = ownerProvider;

    public string OwnerProviderDisplayName { get; } = ownerProviderDisplayName;

    public string ProviderDisplayName { get; } = providerDisplayName;
}
