using GoogleLogin.Application.Common.Interfaces;

namespace GoogleLogin.Tests.Unit.Fakes;

internal sealed record FixedSignInProviderSettings(
    bool DevelopmentSignInActive,
    IReadOnlyList<string> GoogleClientIds,
    IReadOnlyList<RedirectSignInProvider>? RedirectProviders = null)
    : ISignInProviderSettings
{
    IReadOnlyList<RedirectSignInProvider> ISignInProviderSettings.RedirectProviders => RedirectProviders ?? [];
}
