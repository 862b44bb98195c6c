namespace GoogleLogin.Domain.Users;

/// <summary>
/// A person who signs in through an external identity provider. The identity key is
/// (<see cref="Issuer"/>, <see cref="Subject"/>): email addresses change and can be
/// reassigned, so they are profile data, never a lookup key.
/// </summary>
public sealed class User
{
    public const int MaxEmailLength = 320;
    public const int MaxNameLength = 200;
    public const int MaxPictureUrlLength = 2048;
    public const int MaxIssuerLength = 256;
    public const int MaxSubjectLength = 255;

    private User()
    {
        Issuer = string.Empty;
        Subject = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Issuer { get; private set; }
    public string Subject { get; private set; }
    public string? Email { get; private set; }
    public bool EmailVerified { get; private set; }
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
            Issuer = identity.Issuer,
            Subject = identity.Subject,
            IsActive = true,
            CreatedAt = now,
        };
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
        EmailVerified = profile.Email is not null && profile.EmailVerified;
        FirstName = profile.FirstName;
        LastName = profile.LastName;
        PictureUrl = profile.PictureUrl;
        HostedDomain = profile.HostedDomain;
        LastSignedInAt = now;
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;
}
