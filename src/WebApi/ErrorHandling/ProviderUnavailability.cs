using GoogleLogin.Application.Common.Exceptions;

namespace GoogleLogin.WebApi.ErrorHandling;

/// <summary>
/// How a <c>provider_unavailable</c> says what could not be read, in its detail and in its log line, so that
/// the operator knows whether to look at the provider's keys, its discovery document or its token endpoint.
/// </summary>
internal static partial class ProviderUnavailability
{
    // No discard arm: a resource added without its words fails the build (CS8509).
#pragma warning disable CS8524 // Unnamed values of the enum are never passed.
    /// <summary>What could not be read, in words: <c>signing keys</c>.</summary>
    public static string Describe(ProviderResource unreadable) => unreadable switch
    {
        ProviderResource.SigningKeys => "signing keys",
        ProviderResource.DiscoveryDocument => "discovery document",
        ProviderResource.TokenEndpoint => "token endpoint",
        ProviderResource.UserInfoEndpoint => "userinfo endpoint",
    };
#pragma warning restore CS8524

    /// <summary>The answer's detail.</summary>
    public static string Detail(IdentityProviderUnavailableException unavailable) =>
        $"The identity provider's {Describe(unavailable.Unreadable)} cannot be read right now. Try again in a moment.";

    /// <summary>No fault of the request, but the operator's to know, once per answer.</summary>
    public static void Log(ILogger logger, IdentityProviderUnavailableException unavailable) =>
        LogUnavailable(logger, unavailable.Provider, Describe(unavailable.Unreadable));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity provider {Provider} is unavailable: its {Unreadable} could not be read")]
    private static partial void LogUnavailable(ILogger logger, string provider, string unreadable);
}
