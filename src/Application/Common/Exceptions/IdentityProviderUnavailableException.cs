namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>What of an identity provider's could not be read, so that its 503 and its log line say which.</summary>
public enum ProviderResource
{
    /// <summary>Its published signing keys (the key set at its <c>jwks_uri</c>, or Google's certificates URL).</summary>
    SigningKeys,

    /// <summary>Its discovery document, or an endpoint the sign-in needs is missing from it.</summary>
    DiscoveryDocument,

    /// <summary>Its token endpoint, where the redirect sign-in redeems its code.</summary>
    TokenEndpoint,

    /// <summary>Its userinfo endpoint, where the redirect sign-in reads the profile the ID token lacks.</summary>
    UserInfoEndpoint,
}

/// <summary>Something of the provider's that a sign-in needs (<see cref="Unreadable"/>) could not be read: try again later.</summary>
public sealed class IdentityProviderUnavailableException(string provider, ProviderResource unreadable, Exception? innerException = null)
    : Exception($"The identity provider '{provider}' is unavailable: its {unreadable} could not be read.", innerException)
{
    public string Provider { get; } = provider;

    public ProviderResource Unreadable { get; } = unreadable;
}
