using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.SignIn;

/// <summary>
/// A redirect sign-in (authorization code with PKCE) under way: what the callback needs to finish it,
/// kept server-side under the hash of its <c>state</c>, so any instance can finish it and a copy of the
/// database holds no usable state. It is bound to the browser that started it (the hash of its pre-login
/// cookie's value), used once, and valid for <see cref="Lifetime"/>.
/// </summary>
public sealed class AuthorizationState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The longest return URL kept; a longer one becomes <c>/</c>.</summary>
    public const int ReturnUrlLength = 2048;

    private AuthorizationState()
    {
        Hash = [];
        BindingHash = [];
        Provider = string.Empty;
        Nonce = string.Empty;
        CodeVerifier = string.Empty;
        ReturnUrl = "/";
    }

    public byte[] Hash { get; private set; }
    public byte[] BindingHash { get; private set; }

    /// <summary>The provider's route name: a state started for one provider does not finish at another.</summary>
    public string Provider { get; private set; }

    /// <summary>The nonce sent to the provider, which its ID token must carry.</summary>
    public string Nonce { get; private set; }

    /// <summary>The PKCE secret, sent only to the provider's token endpoint with the code.</summary>
    public string CodeVerifier { get; private set; }

    /// <summary>Where the browser goes once signed in: always a path of this site.</summary>
    public string ReturnUrl { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>
    /// The hash of the session the browser held when it started, if any: the callback ends it as the new one
    /// begins, as a button sign-in does. Kept from the start, since the session cookie (SameSite=Strict)
    /// does not come along on the provider's cross-site return.
    /// </summary>
    public byte[]? PresentedSessionHash { get; private set; }

    /// <summary>
    /// Set when the person is linking the provider's account to their user rather than signing in: the
    /// session they started from, which must still be recent enough when the provider sends them back.
    /// </summary>
    public Guid? LinkingSessionId { get; private set; }

    /// <summary>Starts a redirect sign-in; returns the <c>state</c> value, which only the provider and the browser see.</summary>
    public static (string State, AuthorizationState Record) Start(
        string provider, string binding, string nonce, string? returnUrl, DateTimeOffset now, byte[]? presentedSessionHash = null)
        => Start(provider, binding, nonce, returnUrl, now, presentedSessionHash, linkingSessionId: null);

    /// <summary>Starts linking the provider's account to the user of <paramref name="linkingSessionId"/>, through its redirect sign-in.</summary>
    public static (string State, AuthorizationState Record) StartLinking(
        string provider, string binding, string nonce, string? returnUrl, DateTimeOffset now, Guid linkingSessionId)
        => Start(provider, binding, nonce, returnUrl, now, presentedSessionHash: null, linkingSessionId);

    private static (string State, AuthorizationState Record) Start(
        string provider, string binding, string nonce, string? returnUrl, DateTimeOffset now, byte[]? presentedSessionHash, Guid? linkingSessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (!RandomToken.IsWellFormed(binding))
        {
            throw new ArgumentException("A binding is a random token made here.", nameof(binding));
        }

        var state = RandomToken.New();
        return (state, new AuthorizationState
        {
            Hash = RandomToken.Hash(state),
            BindingHash = RandomToken.Hash(binding),
            Provider = provider,
            Nonce = nonce,
            // 256 random bits, base64url: 43 characters of the verifier's alphabet (RFC 7636, 4.1).
            CodeVerifier = RandomToken.New(),
            ReturnUrl = LocalReturnUrl(returnUrl),
            ExpiresAt = now + Lifetime,
            PresentedSessionHash = presentedSessionHash,
            LinkingSessionId = linkingSessionId,
        });
    }

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
