using GoogleLogin.Application.Common.Interfaces;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// The development provider's redirect sign-in: the generic OpenID Connect client, but for where the
/// browser goes. Its authorization page is the SPA's, on whatever origin the browser reached the app at
/// (Kestrel's port, Vite's, a proxy's), which one discovery document cannot name: so the browser is sent
/// to the page on the origin of the callback it is to come back to.
/// </summary>
internal sealed class DevelopmentAuthorizationCodeClient(IAuthorizationCodeClient openIdConnect) : IAuthorizationCodeClient
{
    public string Provider => openIdConnect.Provider;

    public async Task<Uri> AuthorizationUrlAsync(AuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = await openIdConnect.AuthorizationUrlAsync(request, cancellationToken);
        var app = request.RedirectUri;
        return new UriBuilder(page) { Scheme = app.Scheme, Host = app.Host, Port = app.Port }.Uri;
    }

    public Task<bool> IsResponseIssuerAsync(string? responseIssuer, CancellationToken cancellationToken) =>
        openIdConnect.IsResponseIssuerAsync(responseIssuer, cancellationToken);

    public Task<CodeRedemption> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken) =>
        openIdConnect.ExchangeCodeAsync(code, codeVerifier, redirectUri, cancellationToken);

    public Task<UserInfo?> ReadUserInfoAsync(string accessToken, CancellationToken cancellationToken) =>
        openIdConnect.ReadUserInfoAsync(accessToken, cancellationToken);
}
