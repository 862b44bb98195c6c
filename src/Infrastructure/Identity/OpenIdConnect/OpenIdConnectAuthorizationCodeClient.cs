using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>What a provider's redirect sign-in needs from its configuration, read on each use.</summary>
/// <param name="TokenIssuer">The issuer its ID tokens carry when another verifier holds them to it (Google's); null for the authority.</param>
/// <param name="Kind">The provider's kind, whose rules say which discovery documents are its own and which emails it vouches for.</param>
/// <param name="ReadsUserInfo">Whether the sign-in reads the provider's userinfo endpoint, when its discovery document names one.</param>
internal sealed record AuthorizationCodeClientSettings(
    string Authority,
    string ClientId,
    string ClientSecret,
    string Scopes,
    OpenIdConnectProviderKind Kind,
    string? TokenIssuer = null,
    bool ReadsUserInfo = true);

/// <summary>
/// The authorization code flow with PKCE (S256) at any provider with a discovery document: the
/// authorization request, and the code's redemption at the token endpoint with the client secret, sent
/// as the document allows (<c>client_secret_basic</c>, the default, or <c>client_secret_post</c>); then the
/// userinfo endpoint, read with the access token. Both through a client that follows no redirect, reads at most
/// 256 KiB and gives up after <see cref="TokenEndpointOptions.Timeout"/>.
/// </summary>
internal sealed partial class OpenIdConnectAuthorizationCodeClient(
    string provider,
    Func<AuthorizationCodeClientSettings> settings,
    OpenIdConnectDiscovery discovery,
    IHttpClientFactory httpClientFactory,
    IOptions<TokenEndpointOptions> tokenEndpointOptions,
    ILogger<OpenIdConnectAuthorizationCodeClient> logger) : IAuthorizationCodeClient
{
    public const string HttpClientName = "OpenIdConnectTokenEndpoint";

    public string Provider => provider;

    public async Task<Uri> AuthorizationUrlAsync(AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var client = settings();
        var metadata = await discovery.GetAsync(provider, client.Authority, client.Kind, cancellationToken, client.TokenIssuer);
        var endpoint = metadata.AuthorizationEndpoint ?? throw new IdentityProviderUnavailableException(provider, ProviderResource.DiscoveryDocument);
        List<(string Name, string Value)> parameters =
        [
            ("response_type", "code"),
            ("client_id", client.ClientId),
            ("redirect_uri", request.RedirectUri.AbsoluteUri),
            ("scope", client.Scopes),
            ("state", request.State),
            ("nonce", request.Nonce),
            ("code_challenge", request.CodeChallenge),
            ("code_challenge_method", "S256"),
        ];
        if (request.FreshSignIn)
        {
            // max_age=0 is the standard's own "sign in now" (OpenID Connect Core 3.1.2.1); prompt=login says it to
            // providers that read only the prompt, where it is not refused.
            parameters.Add(("max_age", "0"));
            if (metadata.PromptValues is not { Count: > 0 } prompts || prompts.Contains("login"))
            {
                parameters.Add(("prompt", "login"));
            }
        }
        else if (request.SelectAccount)
        {
            // A strict provider refuses a prompt it does not list (invalid_request): where choosing the account is
            // not offered, a fresh sign-in at least makes the person say which account they mean.
            parameters.Add(("prompt", metadata.PromptValues?.Contains("select_account") == true ? "select_account" : "login"));
        }

        var query = Encode(parameters);
        return new Uri($"{endpoint.AbsoluteUri}{(string.IsNullOrEmpty(endpoint.Query) ? "?" : "&")}{query}");
    }

    public async Task<bool> IsResponseIssuerAsync(string? responseIssuer, CancellationToken cancellationToken)
    {
        var client = settings();
        var metadata = await discovery.GetAsync(provider, client.Authority, client.Kind, cancellationToken, client.TokenIssuer);
        return responseIssuer is null ? !metadata.SendsResponseIssuer : client.Kind.IsResponseIssuer(metadata.Issuer, responseIssuer);
    }

    public async Task<CodeRedemption> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken)
    {
        var client = settings();
        var metadata = await discovery.GetAsync(provider, client.Authority, client.Kind, cancellationToken, client.TokenIssuer);
        var endpoint = metadata.TokenEndpoint ?? throw new IdentityProviderUnavailableException(provider, ProviderResource.DiscoveryDocument);

        List<(string Name, string Value)> form =
        [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectUri.AbsoluteUri),
            ("code_verifier", codeVerifier),
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        // client_secret_basic is the default (OpenID Connect Discovery 1.0, 3); post only where it is all that is offered.
        if (metadata.TokenEndpointAuthMethods.Count == 0 || metadata.TokenEndpointAuthMethods.Contains("client_secret_basic"))
        {
            // RFC 6749, 2.3.1: each part form-encoded before they are joined.
            var credentials = $"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else if (metadata.TokenEndpointAuthMethods.Contains("client_secret_post"))
        {
            form.Add(("client_id", client.ClientId));
            form.Add(("client_secret", client.ClientSecret));
        }
        else
        {
            // The document offers no way to authenticate there that this client knows.
            LogExchangeFailed(logger, provider, "no_supported_client_authentication", null);
            throw new IdentityProviderUnavailableException(provider, ProviderResource.DiscoveryDocument);
        }

        request.Content = new StringContent(Encode(form), Encoding.ASCII, "application/x-www-form-urlencoded");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(tokenEndpointOptions.Value.Timeout);
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if ((int)response.StatusCode >= 500)
            {
                LogExchangeFailed(logger, provider, "server_error", (int)response.StatusCode);
                throw new IdentityProviderUnavailableException(provider, ProviderResource.TokenEndpoint);
            }

            if (!response.IsSuccessStatusCode)
            {
                // A code that is wrong, used, expired, or redeemed with another verifier or redirect URI.
                LogExchangeFailed(logger, provider, "refused", (int)response.StatusCode);
                throw new CodeExchangeFailedException("refused");
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token));
            if (document.RootElement.ValueKind != JsonValueKind.Object || document.RootElement.GetStringOrNull("id_token") is not { Length: > 0 } idToken)
            {
                LogExchangeFailed(logger, provider, "no_id_token", (int)response.StatusCode);
                throw new CodeExchangeFailedException("no_id_token");
            }

            var accessToken = document.RootElement.GetStringOrNull("access_token") is { Length: > 0 } token ? token : null;
            if (accessToken is null && client.ReadsUserInfo && metadata.UserInfoEndpoint is not null)
            {
                // Nothing to read userinfo with: the ID token's claims are the profile (they may lack the email).
                LogNoAccessToken(logger, provider);
            }

            return new CodeRedemption(idToken, accessToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogExchangeFailed(logger, provider, exception.GetType().Name, null);
            throw new IdentityProviderUnavailableException(provider, ProviderResource.TokenEndpoint, exception);
        }
        catch (JsonException exception)
        {
            LogExchangeFailed(logger, provider, "malformed_answer", null);
            throw new CodeExchangeFailedException("malformed_answer", exception);
        }
    }

    public async Task<UserInfo?> ReadUserInfoAsync(string accessToken, CancellationToken cancellationToken)
    {
        var client = settings();
        var metadata = await discovery.GetAsync(provider, client.Authority, client.Kind, cancellationToken, client.TokenIssuer);
        if (!client.ReadsUserInfo || metadata.UserInfoEndpoint is not { } endpoint)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(tokenEndpointOptions.Value.Timeout);
            // The client's buffer bounds the answer; an answer beyond it fails as an HttpRequestException.
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                // A 401 or 403 too: the token was just issued, so the provider is at fault, not the person.
                throw UserInfoUnavailable(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "token_refused" : "error_status", (int)response.StatusCode);
            }

            // A signed or encrypted answer (application/jwt) is not read: nothing here checks its signature.
            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw UserInfoUnavailable("not_json", (int)response.StatusCode);
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token));
            var claims = document.RootElement;
            if (claims.ValueKind != JsonValueKind.Object)
            {
                throw UserInfoUnavailable("not_an_object", (int)response.StatusCode);
            }

            var email = claims.GetStringOrNull("email");
            return new UserInfo(
                Subject: claims.GetStringOrNull("sub"),
                Email: email,
                // The kind's rule, as for an ID token's claims: for Microsoft, xms_edov.
                EmailVerified: email is not null && client.Kind.VouchesForEmail(claims),
                GivenName: claims.GetStringOrNull("given_name"),
                FamilyName: claims.GetStringOrNull("family_name"),
                PictureUrl: claims.GetStringOrNull("picture"));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw UserInfoUnavailable(exception.GetType().Name, null, exception);
        }
        catch (JsonException exception)
        {
            throw UserInfoUnavailable("malformed_answer", null, exception);
        }
    }

    private IdentityProviderUnavailableException UserInfoUnavailable(string reason, int? statusCode, Exception? exception = null)
    {
        LogUserInfoFailed(logger, provider, reason, statusCode);
        return new IdentityProviderUnavailableException(provider, ProviderResource.UserInfoEndpoint, exception);
    }

    private static string Encode(IEnumerable<(string Name, string Value)> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    // The reason and the status, never the answer's body: it may hold tokens.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The authorization code of provider {Provider} was not redeemed: {Reason} (HTTP {StatusCode})")]
    private static partial void LogExchangeFailed(ILogger logger, string provider, string reason, int? statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "The token endpoint of provider {Provider} sent no access token: its userinfo is not read, the ID token's claims are the profile")]
    private static partial void LogNoAccessToken(ILogger logger, string provider);

    // The reason and the status, never the token or the answer's body: it is the person's profile.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The userinfo of provider {Provider} could not be read: {Reason} (HTTP {StatusCode}); the sign-in fails")]
    private static partial void LogUserInfoFailed(ILogger logger, string provider, string reason, int? statusCode);
}
