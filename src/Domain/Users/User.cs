namespace GoogleLogin.Domain.Users;

/// <summary>
/// A person who signs in through one or more external identity providers. Each sign-in is
/// matched by an <see cref="ExternalIdentity"/> (issuer and subject): email addresses change
/// and can be reassigned, so they are profile data, never a sign-in key.
/// </summary>
public sealed class User
{
    private readonly List<UserLogin> _logins = [];

    private User()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The provider accounts that sign in as this user; at least one.</summary>
    public IReadOnlyCollection<UserLogin> Logins => _logins.AsReadOnly();

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

    /// <param name="provider">The route name of the provider <paramref name="identity"/> signs in with.</param>
    public static User Register(ExternalIdentity identity, string provider, UserProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(profile);

        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            IsActive = true,
            CreatedAt = now,
        };
        user._logins.Add(new UserLogin(identity, provider, profile.Email, now));
        user.RecordSignIn(identity, provider, profile, now);
        return user;
    }

    /// <summary>
    /// A sign-in with one of this user's logins. The provider is the source of truth for the profile, so
    /// each sign-in refreshes it, and the login's email and last use.
    /// </summary>
    public void RecordSignIn(ExternalIdentity identity, string provider, UserProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(profile);
        if (!IsActive)
        {
            throw new InvalidOperationException("An inactive user cannot sign in.");
        }

        var login = _logins.SingleOrDefault(l => l.Identity == identity)
            ?? throw new InvalidOperationException("The identity is not one of this user's logins.");
        login.RecordUse(provider, profile.Email, now);

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
    /// Adds a way to sign in: another provider account, linked on purpose by the person, from a session of
    /// theirs. Whether that account is free to link is the caller's to check (its own user, if any).
    /// </summary>
    /// <returns>Whether the login is new; linking one the user already has changes nothing.</returns>
    public bool Link(ExternalIdentity identity, string provider, string? email, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!IsActive)
        {
            throw new InvalidOperationException("An inactive user cannot gain a login.");
        }

        if (_logins.Any(l => l.Identity == identity))
        {
            return false;
        }

        _logins.Add(new UserLogin(identity, provider, email, now));
        return true;
    }

    /// <summary>Removes a way to sign in; never the last one, which would leave the account unreachable.</summary>
    /// <returns>The login removed; null when the user has none with that id.</returns>
    /// <exception cref="LastLoginException">It is the user's only login.</exception>
    public UserLogin? Unlink(Guid loginId)
    {
        var login = _logins.SingleOrDefault(l => l.Id == loginId);
        if (login is null)
        {
            return null;
        }

        if (_logins.Count == 1)
        {
            throw new LastLoginException(Id);
        }

        _logins.Remove(login);
        return login;
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
