using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Identity.Google;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity;

internal sealed class SignInProviderSettings(IOptionsMonitor<GoogleAuthOptions> google, DevelopmentSignIn developmentSignIn)
    : ISignInProviderSettings
{
    public bool DevelopmentSignInActive => developmentSignIn.IsActive;

    public IReadOnlyList<string> GoogleClientIds => google.CurrentValue.ClientIds;
}
