using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Identity.Google;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity;

internal sealed class SignInProviderSettings(
    IOptionsMonitor<GoogleAuthOptions> google,
    DevelopmentSignIn developmentSignIn,
    IEnumerable<IAuthorizationCodeClient> redirectClients,
    IEnumerable<IIdentityTokenVerifier> verifiers)
    : ISignInProviderSettings
{
    public bool DevelopmentSignInActive => developmentSignIn.IsActive;

    public IReadOnlyList<string> GoogleClientIds => google.CurrentValue.ClientIds;

    // Google signs in with its own button in the browser, so it is not listed here even with a client secret.
    public IReadOnlyList<RedirectSignInProvider> RedirectProviders =>
    [
        .. redirectClients
            .Where(client => client.Provider != "google")
            .Select(client => new RedirectSignInProvider(client.Provider, verifiers.DisplayNameOf(client.Provider))),
    ];
}
