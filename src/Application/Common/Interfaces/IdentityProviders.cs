namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>A provider's adapters, found by its route name (compared as routes compare it, ignoring case).</summary>
public static class IdentityProviders
{
    public static IIdentityTokenVerifier? Find(this IEnumerable<IIdentityTokenVerifier> verifiers, string provider) =>
        verifiers.FirstOrDefault(v => string.Equals(v.Provider, provider, StringComparison.OrdinalIgnoreCase));

    public static IAuthorizationCodeClient? Find(this IEnumerable<IAuthorizationCodeClient> clients, string provider) =>
        clients.FirstOrDefault(c => string.Equals(c.Provider, provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider's name as people know it; one since removed from the configuration keeps its route name.</summary>
    public static string DisplayNameOf(this IEnumerable<IIdentityTokenVerifier> verifiers, string provider) =>
        verifiers.Find(provider)?.Policy.DisplayName ?? provider;
}
