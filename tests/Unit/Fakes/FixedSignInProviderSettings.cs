using GoogleLogin.Application.Common.Interfaces;

namespace GoogleLogin.Tests.Unit.Fakes;

internal sealed record FixedSignInProviderSettings(bool DevelopmentSignInActive, IReadOnlyList<string> GoogleClientIds)
    : ISignInProviderSettings;
