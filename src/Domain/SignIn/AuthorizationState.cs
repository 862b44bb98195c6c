using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.SignIn;

/// <summary>
/// A redirect sign-in (authorization code with PKCE) under way: what the callback needs to finish it. It
/// travels sealed as the <c>state</c> itself, so a start writes nothing; only its use, at the callback, is
/// recorded (under the hash of <see cref="Id"/>), so it works once on any instance. It is bound to the browser
/// that started it (the hash of its pre-login cookie's value) and valid for <see cref="Lifetime"/>.
/// </summary>
public sealed class AuthorizationState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The longest return URL kept; a longer one becomes <c>/</c>.</summary>
    public const int ReturnUrlLength = 2048;

    private AuthorizationState(
        string id,
        byte[] bindingHash,
        string provider,
        string nonce,
        string codeVerifier,
        string returnUrl,
        DateTimeOffset expiresAt,
        byte[]? presentedSessionHash,
        Guid? linkingSessionId,
        Guid? reauthenticatingSessionId)
    {
        if (linkingSessionId is not null && reauthenticatingSessionId is not null)
        {
            throw new ArgumentException("A redirect links or re-authenticates, not both.", nameof(reauthenticatingSessionId));
        }

        Id = id;
        BindingHash = bindingHash;
        Provider = provider;
        Nonce = nonce;
        CodeVerifier = codeVerifier;
        ReturnUrl = returnUrl;
        ExpiresAt = expiresAt;
        PresentedSessionHash = presentedSessionHash;
        LinkingSessionId = linkingSessionId;
        ReauthenticatingSessionId = reauthenticatingSessionId;
    }

    /// <summary>This redirect's own random value: its use is recorded under its hash (<see cref="UseHash"/>).</summary>
    public string Id { get; }

    public byte[] BindingHash { get; }

    /// <summary>The provider's route name: a state started for one provider does not finish at another.</summary>
    public string Provider { get; }

    /// <summary>The nonce sent to the provider, which its ID token must carry.</summary>
    public string Nonce { get; }

    /// <summary>The PKCE secret, sent only to the provider's token endpoint with the code.</summary>
    public string CodeVerifier { get; }

    /// <summary>Where the browser goes once signed in: always a path of this site.</summary>
    public string ReturnUrl { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>When the redirect was started: a re-authentication's sign-in at the provider must be no older.</summary>
    public DateTimeOffset StartedAt => ExpiresAt - Lifetime;

    /// <summary>
    /// The hash of the session the browser held when it started, if any: the callback ends it as the new one
    /// begins, as a button sign-in does. Kept from the start, since the session cookie (SameSite=Strict)
    /// does not come along on the provider's cross-site return.
    /// </summary>
    public byte[]? PresentedSessionHash { get; }

    /// <summary>
    /// Set when the person is linking the provider's account to their user rather than signing in: the
    /// session they started from, which must still be recent enough when the provider sends them back.
    /// </summary>
    public Guid? LinkingSessionId { get; }

    /// <summary>
    /// Set when the person is signing in again in place: the session they started from, which the callback
    /// renews when it is still live and the account is one of its user's logins.
    /// </summary>
    public Guid? ReauthenticatingSessionId { get; }

    /// <summary>The stored form of this state's use.</summary>
    public byte[] UseHash => RandomToken.Hash(Id);

    /// <summary>Starts a redirect sign-in.</summary>
    public static AuthorizationState Start(
        string provider, string binding, string nonce, string? returnUrl, DateTimeOffset now, byte[]? presentedSessionHash = null)
        => Start(provider, binding, nonce, returnUrl, now, presentedSessionHash, linkingSessionId: null, reauthenticatingSessionId: null);

    /// <summary>Starts linking the provider's account to the user of <paramref name="linkingSessionId"/>, through its redirect sign-in.</summary>
    public static AuthorizationState StartLinking(
        string provider, string binding, string nonce, string? returnUrl, DateTimeOffset now, Guid linkingSessionId)
        => Start(provider, binding, nonce, returnUrl, now, presentedSessionHash: null, linkingSessionId, reauthenticatingSessionId: null);

    /// <summary>Starts signing in again in place as the user of <paramref name="sessionId"/>, renewing that session.</summary>
    public static AuthorizationState StartReauthenticating(
        string provider, string binding, string nonce, string? returnUrl, DateTimeOffset now, Guid sessionId)
        => Start(provider, binding, nonce, returnUrl, now, presentedSessionHash: null, linkingSessionId: null, reauthenticatingSessionId: sessionId);

    private static AuthorizationState Start(
        string provider,
        string binding,
        string nonce,
        string? returnUrl,
        DateTimeOffset now,
        byte[]? presentedSessionHash,
        Guid? linkingSessionId,
        Guid? reauthenticatingSessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (!RandomToken.IsWellFormed(binding))
        {
            throw new ArgumentException("A binding is a random token made here.", nameof(binding));
        }

        return new AuthorizationState(
            RandomToken.New(),
            RandomToken.Hash(binding),
            provider,
            nonce,
            // 256 random bits, base64url: 43 characters of the verifier's alphabet (RFC 7636, 4.1).
            RandomToken.New(),
            LocalReturnUrl(returnUrl),
            now + Lifetime,
            presentedSessionHash,
            linkingSessionId,
            reauthenticatingSessionId);
    }

    /// <summary>
    /// A state as a start made it, read back from its sealed form: only a seal this application made
    /// (which proves nothing was altered) may come here.
    /// </summary>
    public static AuthorizationState Restore(
        string id,
        byte[] bindingHash,
        string provider,
        string nonce,
        string codeVerifier,
        string returnUrl,
        DateTimeOffset expiresAt,
        byte[]? presentedSessionHash,
        Guid? linkingSessionId,
        Guid? reauthenticatingSessionId = null) =>
        new(id, bindingHash, provider, nonce, codeVerifier, returnUrl, expiresAt, presentedSessionHash, linkingSessionId, reauthenticatingSessionId);

    /// <summary>The PKCE <c>code_challenge</c> for this state's verifier (method S256).</summary>
    public string CodeChallenge => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));

    /// <summary>Whether the callback may finish this sign-in: in time, for this provider, in the browser that started it.</summary>
    public bool IsValidFor(string provider, string? binding, DateTimeOffset now) =>
        now < ExpiresAt &&
        string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase) &&
        RandomToken.IsWellFormed(binding) &&
        CryptographicOperations.FixedTimeEquals(BindingHash, RandomToken.Hash(binding));

    /// <summary>
    /// A page of this site, or <c>/</c>. Not <c>//host</c> nor <c>/\host</c> (browsers read both as another
    /// site), no scheme, only printable ASCII (a <c>Location</c> header carries nothing else; a page's own
    /// links are percent-encoded), and not the API: so the sign-in can never send the browser elsewhere,
    /// nor into another sign-in.
    /// </summary>
    public static string LocalReturnUrl(string? candidate) =>
        candidate is { Length: > 0 and <= ReturnUrlLength } &&
        candidate[0] == '/' &&
        (candidate.Length == 1 || (candidate[1] != '/' && candidate[1] != '\\')) &&
        !candidate.Contains('\\') &&
        candidate.All(c => c is > ' ' and <= '~') &&
        !IsUnderApi(candidate)
            ? candidate
            : "/";

    /// <summary>
    /// Whether the path, as the server will route it, is the API's: percent-decoded (<c>/%61pi/</c>), its dot
    /// segments removed as a browser removes them (<c>/./api/</c>, <c>/%2e/api/</c>, <c>/x/../api/</c>) and
    /// its empty ones ignored, before the test.
    /// </summary>
    private static bool IsUnderApi(string candidate)
    {
        var end = candidate.IndexOfAny(['?', '#']);
        var path = Uri.UnescapeDataString(end < 0 ? candidate : candidate[..end]);
        var segments = new List<string>();
        foreach (var segment in path.Split('/', '\\'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return segments.Count > 0 && segments[0].Equals("api", StringComparison.OrdinalIgnoreCase);
    }
}
