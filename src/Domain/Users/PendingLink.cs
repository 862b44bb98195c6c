using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.Users;

/// <summary>
/// A provider account a redirect link verified, held until the person confirms it on their account page.
/// The provider's return is a cross-site navigation that anyone who learnt the authorization URL can send
/// the browser on (with a code of their own account), so it only proposes the account: it becomes a login
/// by a same-origin confirmation from the session that started the link, within <see cref="Lifetime"/>.
/// </summary>
public sealed class PendingLink
{
    /// <summary>Long enough to read the page and confirm; a link confirmed later starts again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private PendingLink()
    {
        Issuer = Subject = Provider = string.Empty;
    }

    /// <summary>Random, so the address it appears in names nothing else; only its session can use it anyway.</summary>
    public Guid Id { get; private set; }

    /// <summary>The session that started the link: the only one that can see, confirm or decline it.</summary>
    public Guid SessionId { get; private set; }

    public string Issuer { get; private set; }

    public string Subject { get; private set; }

    /// <summary>The route name of the provider the account signs in with.</summary>
    public string Provider { get; private set; }

    /// <summary>The email the provider gave, stored as the login would store it, for the person to recognise the account.</summary>
    public string? Email { get; private set; }

    public bool EmailVerified { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public ExternalIdentity Identity => new(Issuer, Subject);

    public static PendingLink Hold(Guid sessionId, ExternalIdentity identity, string provider, string? email, bool emailVerified, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(provider.Length, Limits.ProviderNameLength, nameof(provider));
        var stored = StoredText.Clip(email, Limits.EmailLength);
        return new PendingLink
        {
            Id = Guid.NewGuid(),
            SessionId = sessionId,
            Issuer = identity.Issuer,
            Subject = identity.Subject,
            Provider = provider,
            Email = stored,
            EmailVerified = stored is not null && emailVerified,
            ExpiresAt = now + Lifetime,
        };
    }

    /// <summary>Whether <paramref name="sessionId"/> may see, confirm or decline it now.</summary>
    public bool IsFor(Guid sessionId, DateTimeOffset now) => SessionId == sessionId && now < ExpiresAt;

    /// <summary>
    /// Follows its session renewed by signing in again in place: the same person, in the same browser, who may
    /// have signed in again just to be able to confirm it. Any other sign-in leaves it behind.
    /// </summary>
    public void MoveTo(Guid renewedSessionId) => SessionId = renewedSessionId;
}
