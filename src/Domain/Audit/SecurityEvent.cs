using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.Audit;

/// <summary>
/// One entry of a user's security activity: what happened, when, with which provider, and from which
/// address and browser. It never holds a token, cookie or nonce: only what the person may see again.
/// </summary>
public sealed class SecurityEvent
{
    private SecurityEvent()
    {
    }

    /// <summary>Assigned by the database in insertion order: the activity list pages by it.</summary>
    public long Id { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public SecurityEventType Type { get; private set; }

    /// <summary>The provider's route name, for sign-ins and logins; null for session events.</summary>
    public string? Provider { get; private set; }

    /// <summary>
    /// The email the provider gave for the account the event was about (the one signed in with, linked, unlinked
    /// or refused), as it was then: two accounts of one provider are told apart by it. Null when none was involved.
    /// </summary>
    public string? AccountEmail { get; private set; }

    public string? IpAddress { get; private set; }
    public string? UserAgent { get; private set; }

    /// <summary>
    /// For a refused sign-in, the hour it happened in (hours since 1970): the database keeps one a user, kind,
    /// provider and hour, since someone else causes them at will. Null for every other event: all are kept.
    /// </summary>
    public long? RefusalHour { get; private set; }

    public static bool IsRefusal(SecurityEventType type) =>
        type is SecurityEventType.SignInRefusedEmailInUse or SecurityEventType.SignInRefusedDisabled;

    public static SecurityEvent Record(
        Guid userId,
        SecurityEventType type,
        string? provider,
        DateTimeOffset now,
        string? ipAddress,
        string? userAgent,
        string? accountEmail = null) => new()
        {
            UserId = userId,
            OccurredAt = now,
            Type = type,
            Provider = StoredText.Clip(provider, Limits.ProviderNameLength),
            AccountEmail = StoredText.Clip(accountEmail, Limits.EmailLength),
            IpAddress = StoredText.Clip(ipAddress, Limits.IpAddressLength),
            UserAgent = StoredText.Clip(userAgent, Limits.UserAgentLength),
            RefusalHour = IsRefusal(type) ? now.ToUnixTimeSeconds() / 3600 : null,
        };
}
