using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GoogleLogin.Application.Auth.RedirectSignIn;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// The development identity provider as an OpenID Connect provider of its own, for the redirect sign-in
/// (authorization code with PKCE) with no network: its discovery document, the approval behind its
/// authorization page (the SPA's account chooser), and its token endpoint. Codes are self-contained and
/// MACed with a key derived from the signing key, so an instance sharing the key file redeems another's;
/// each instance redeems a code once (the app's state, used up across instances, stops a second callback).
/// Like a real provider, it answers only its registered client and redirect URI, and checks the secret
/// and the PKCE verifier.
/// </summary>
public sealed partial class DevelopmentAuthorizationServer(DevelopmentIdentityProvider provider, TimeProvider timeProvider)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);

    private readonly byte[] _codeKey = provider.DeriveSecret("GoogleLogin development authorization codes");

    // Codes redeemed on this instance, until they expire: a code works once (RFC 6749, 4.1.2).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new(StringComparer.Ordinal);

    public static string DiscoveryDocumentJson { get; } = new JsonObject
    {
        ["issuer"] = DevelopmentSignIn.Issuer,
        // On the app's own origin, which the development code client puts in place of the issuer's.
        ["authorization_endpoint"] = DevelopmentSignIn.Issuer + DevelopmentSignIn.AuthorizationPath,
        ["token_endpoint"] = TokenUrl,
        ["jwks_uri"] = DevelopmentSignIn.CertificatesUrl,
        ["response_types_supported"] = new JsonArray("code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["scopes_supported"] = new JsonArray("openid", "email", "profile"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        // Its page always asks which account: a link's prompt stays the one that says so.
        ["prompt_values_supported"] = new JsonArray("login", "select_account"),
        // RFC 9207: every answer names this issuer, so the client can tell it from another provider's.
        ["authorization_response_iss_parameter_supported"] = true,
        ["claims_supported"] = new JsonArray("iss", "sub", "aud", "exp", "iat", "nbf", "nonce", "email", "email_verified", "name", "given_name", "family_name", "picture"),
    }.ToJsonString();

    public const string DiscoveryUrl = DevelopmentSignIn.Issuer + "/.well-known/openid-configuration";

    public const string TokenUrl = DevelopmentSignIn.Issuer + "/token";

    /// <summary>
    /// What is wrong with an authorization request, by parameter; empty when it can be approved. A request
    /// for another client or redirect URI is never answered with a redirect (RFC 6749, 4.1.2.1): the
    /// chooser shows the problem instead.
    /// </summary>
    public static Dictionary<string, string[]> Validate(DevelopmentAuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.ClientId != DevelopmentSignIn.RedirectClientId)
        {
            errors["client_id"] = [$"The development provider knows one client: {DevelopmentSignIn.RedirectClientId}."];
        }

        if (!IsRegisteredRedirectUri(request.RedirectUri))
        {
            errors["redirect_uri"] = [$"The redirect URI must be this app's {DevelopmentSignIn.RegisteredCallbackPath} on this machine."];
        }

        if (request.ResponseType != "code")
        {
            errors["response_type"] = ["Only the authorization code flow (response_type=code) is offered."];
        }

        if (request.CodeChallengeMethod != "S256" || request.CodeChallenge is null || !PkceValue().IsMatch(request.CodeChallenge))
        {
            errors["code_challenge"] = ["A PKCE code_challenge with code_challenge_method=S256 is required."];
        }

        if (request.Scope is null || !OpenIdConnect.OpenIdConnectScopes.IncludeOpenId(request.Scope))
        {
            errors["scope"] = ["The scope must include openid."];
        }

        // The app's state is sealed, and as long as its callback accepts: no longer.
        if (string.IsNullOrEmpty(request.State) || request.State.Length > CompleteRedirectSignInHandler.MaxStateLength || (request.Nonce?.Length ?? 0) > 512)
        {
            errors["state"] = [$"A state of at most {CompleteRedirectSignInHandler.MaxStateLength} characters is required, and a nonce may be at most 512."];
        }

        return errors;
    }

    /// <summary>The redirect back to the client with a code for <paramref name="account"/>; the request must have passed <see cref="Validate"/>.</summary>
    public Uri Approve(DevelopmentAuthorizationRequest request, TestAccount account)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(account);
        var payload = new JsonObject
        {
            ["jti"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["exp"] = (timeProvider.GetUtcNow() + CodeLifetime).ToUnixTimeSeconds(),
            ["redirect_uri"] = request.RedirectUri,
            ["code_challenge"] = request.CodeChallenge,
            ["nonce"] = request.Nonce,
            ["account"] = JsonSerializer.SerializeToNode(account),
        };
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        var code = $"{body}.{Base64Url.EncodeToString(HMACSHA256.HashData(_codeKey, Encoding.ASCII.GetBytes(body)))}";
        return RedirectBack(request, ("code", code));
    }

    /// <summary>The redirect back to the client when the person cancels: <c>error=access_denied</c>.</summary>
    public static Uri Deny(DevelopmentAuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RedirectBack(request, ("error", "access_denied"));
    }

    /// <summary>The token endpoint: a form POST with the client's Basic credentials, answered as RFC 6749, 5.1 and 5.2 say.</summary>
    public TokenEndpointAnswer Redeem(IReadOnlyDictionary<string, string> form, string? basicCredentials)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!IsRegisteredClient(basicCredentials))
        {
            return TokenEndpointAnswer.Error(HttpStatusCode.Unauthorized, "invalid_client", "Unknown client, or a wrong secret.");
        }

        if (form.GetValueOrDefault("grant_type") != "authorization_code")
        {
            return TokenEndpointAnswer.Error(HttpStatusCode.BadRequest, "unsupported_grant_type", "Only authorization_code is offered.");
        }

        var now = timeProvider.GetUtcNow();
        if (ReadCode(form.GetValueOrDefault("code"), now) is not { } code)
        {
            return TokenEndpointAnswer.Error(HttpStatusCode.BadRequest, "invalid_grant", "The code is not one this provider issued, or it has expired.");
        }

        if (code.RedirectUri != form.GetValueOrDefault("redirect_uri"))
        {
            return TokenEndpointAnswer.Error(HttpStatusCode.BadRequest, "invalid_grant", "The redirect_uri differs from the authorization request's.");
        }

        if (form.GetValueOrDefault("code_verifier") is not { } verifier || !PkceValue().IsMatch(verifier) ||
            !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
                Encoding.ASCII.GetBytes(code.CodeChallenge)))
        {
            return TokenEndpointAnswer.Error(HttpStatusCode.BadRequest, "invalid_grant", "The code_verifier does not match the code_challenge.");
        }

        foreach (var (used, expiresAt) in _redeemed)
        {
            if (expiresAt < now)
            {
                _redeemed.TryRemove(used, out _);
            }
        }

        if (!_redeemed.TryAdd(code.Id, code.ExpiresAt))
        {
            return TokenEndpointAnswer.Error(HttpStatusCode.BadRequest, "invalid_grant", "The code has been used.");
        }

        var idToken = provider.MintIdToken(code.Account, code.Nonce, DevelopmentSignIn.Issuer, DevelopmentSignIn.RedirectClientId);
        return new TokenEndpointAnswer(HttpStatusCode.OK, new JsonObject
        {
            ["access_token"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["scope"] = "openid email profile",
            ["id_token"] = idToken,
        }.ToJsonString());
    }

    // Compared as parsed, and then required to be written as parsed: the text is what is echoed back.
    private static bool IsRegisteredRedirectUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        OutboundUrls.IsThisMachine(uri) &&
        string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) &&
        uri.AbsolutePath == DevelopmentSignIn.RegisteredCallbackPath &&
        uri.AbsoluteUri == value;

    private static bool IsRegisteredClient(string? basicCredentials)
    {
        // RFC 6749, 2.3.1: each part form-encoded before they are joined; these two need no encoding.
        var expected = Encoding.UTF8.GetBytes($"{DevelopmentSignIn.RedirectClientId}:{DevelopmentSignIn.RedirectClientSecret}");
        var presented = new byte[basicCredentials?.Length ?? 0];
        return basicCredentials is not null && Convert.TryFromBase64String(basicCredentials, presented, out var written) &&
            CryptographicOperations.FixedTimeEquals(expected, presented.AsSpan(0, written));
    }

    private IssuedCode? ReadCode(string? code, DateTimeOffset now)
    {
        if (code is null || code.Split('.') is not [var body, var mac] || !Base64Url.IsValid(body) || !Base64Url.IsValid(mac) ||
            !CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(mac), HMACSHA256.HashData(_codeKey, Encoding.ASCII.GetBytes(body))))
        {
            return null;
        }

        // MACed by this provider, so well formed: only its age is in question.
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(body))!.AsObject();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload["exp"]!.GetValue<long>());
        return expiresAt < now
            ? null
            : new IssuedCode(
                payload["jti"]!.GetValue<string>(),
                expiresAt,
                payload["redirect_uri"]!.GetValue<string>(),
                payload["code_challenge"]!.GetValue<string>(),
                payload["nonce"]?.GetValue<string>(),
                payload["account"].Deserialize<TestAccount>()!);
    }

    private static Uri RedirectBack(DevelopmentAuthorizationRequest request, (string Name, string Value) result) =>
        new($"{request.RedirectUri}?{result.Name}={Uri.EscapeDataString(result.Value)}&state={Uri.EscapeDataString(request.State!)}&iss={Uri.EscapeDataString(DevelopmentSignIn.Issuer)}");

    // RFC 7636, 4.1: 43 to 128 unreserved characters; a S256 challenge is 43 of them.
    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$")]
    private static partial Regex PkceValue();

    private sealed record IssuedCode(string Id, DateTimeOffset ExpiresAt, string RedirectUri, string CodeChallenge, string? Nonce, TestAccount Account);
}

/// <summary>The parameters of an authorization request (OpenID Connect Core 1.0, 3.1.2.1) that the development provider reads.</summary>
public sealed record DevelopmentAuthorizationRequest(
    string? ResponseType,
    string? ClientId,
    string? RedirectUri,
    string? Scope,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod);

/// <summary>A token endpoint answer: its status and JSON body.</summary>
public sealed record TokenEndpointAnswer(HttpStatusCode Status, string Json)
{
    public static TokenEndpointAnswer Error(HttpStatusCode status, string error, string description) =>
        new(status, new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString());
}
