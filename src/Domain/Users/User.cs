namespace GoogleLogin.Domain.Users;

/// <summary>
/// A person who signs in through one or more external identity providers. Each sign-in is
/// matched by an <see cref="ExternalIdentity"/> (issuer and subject): email addresses change
/// and can be reassigned, so they are profile data, never a sign-in key.
/// </summary>
public sealed class User
{
    private readonly List<ExternalIdentity> _logins = [];

    private User()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The provider accounts that sign in as this user; at least one.</summary>
    public IReadOnlyCollection<ExternalIdentity> Logins => _logins.AsReadOnly();

    public string? Email { get; private set; }
    public bool EmailVerified { get; private set; }

    /// <summary>The email in the one form used to compare addresses, or null when there is none.</summary>
    public string? NormalizedEmail { get; private set; }

    public string? FirstName { get; private set; }
    public string? LastName { get; private set; }
    public string? PictureUrl { get; private set; }
    public string? HostedDomain { get; private set; }
    public bool IsActive { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastSignedInAt { get; private set; }

    public static User Register(ExternalIdentity identity, UserProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(profile);

        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            IsActive = true,
            CreatedAt = now,
        };
        user._logins.Add(identity);
        user.RecordSignIn(profile, now);
        return user;
    }

    /// <summary>The provider is the source of truth for the profile, so each sign-in refreshes it.</summary>
    public void RecordSignIn(UserProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!IsActive)
        {
            throw new InvalidOperationException("An inactive user cannot sign in.");
        }

        Email = profile.Email;
        NormalizedEmail = NormalizeEmail(profile.Email);
        EmailVerified = profile.Email is not null && profile.EmailVerified;
        FirstName = profile.FirstName;
        LastName = profile.LastName;
        PictureUrl = profile.PictureUrl;
        HostedDomain = profile.HostedDomain;
        LastSignedInAt = now;
    }

    /// <summary>
    /// Lets another provider account sign in as this user. Only for an account whose provider is
    /// authoritative for this user's verified email; the caller decides that.
    /// </summary>
    public void Link(ExternalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!IsActive)
        {
            throw new InvalidOperationException("An inactive user cannot gain a login.");
        }

        if (!_logins.Contains(identity))
        {
            _logins.Add(identity);
        }
    }

    public void Deactivate() => IsActive = false;

    /// <summary>
    /// Case-insensitive for ASCII letters, as mail providers treat addresses in practice. Nothing else
    /// is folded: Unicode case mapping depends on the runtime's globalization data, and with ICU's it
    /// turns other letters into ASCII ones (<c>ſ</c> into <c>S</c>), making different addresses equal.
    /// Dots and plus-suffixes are the provider's business, and guessing them would merge accounts.
    /// </summary>
    public static string? NormalizeEmail(string? email)
    {
        // No address holds a control character (RFC 5321); such text is compared with nothing.
        if (string.IsNullOrWhiteSpace(email) || email.Any(char.IsControl))
        {
            return null;
        }

        var trimmed = email.Trim();
        return string.Create(trimmed.Length, trimmed, static (folded, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                folded[i] = char.IsAsciiLetterLower(source[i]) ? char.ToUpperInvariant(source[i]) : source[i];
            }
        });
    }
}
