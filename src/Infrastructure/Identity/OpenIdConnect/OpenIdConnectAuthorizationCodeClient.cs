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
/// <param name="Kind">The provider's kind, whose rules say which discovery documents are its own.</param>
internal sealed record AuthorizationCodeClientSettings(
    string Authority, string ClientId, string ClientSecret, string Scopes, OpenIdConnectProviderKind Kind, string? TokenIssuer = null);

/// <summary>
/// The authorization code flow with PKCE (S256) at any provider with a discovery document: the
/// authorization request, and the code's redemption at the token endpoint with the client secret, sent
/// as the document allows (<c>client_secret_basic</c>, the default, or <c>client_secret_post</c>).
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
        if (request.SelectAccount)
        {
            parameters.Add(("prompt", "select_account"));
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

    public async Task<string> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken)
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

            return idToken;
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

    private static string Encode(IEnumerable<(string Name, string Value)> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    // The reason and the status, never the answer's body: it may hold tokens.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The authorization code of provider {Provider} was not redeemed: {Reason} (HTTP {StatusCode})")]
    private static partial void LogExchangeFailed(ILogger logger, string provider, string reason, int? statusCode);
}
