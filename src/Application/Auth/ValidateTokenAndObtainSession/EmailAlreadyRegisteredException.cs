namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

/// <summary>
/// A provider account the application has not seen claims the verified email of an existing user.
/// Signing it in as that user would hand the account to whoever holds the email now (a lapsed
/// domain re-registered, a reassigned address), so it is refused unless linking is allowed.
/// </summary>
public sealed class EmailAlreadyRegisteredException(string providerDisplayName)
    : Exception($"The email address is already registered with another {providerDisplayName} account.")
{
    public string ProviderDisplayName { get; } = providerDisplayName;
}
