namespace GoogleLogin.Domain.Users;

/// <summary>Profile data the identity provider asserts on each sign-in. Over-long values are cut, not refused.</summary>
public sealed record UserProfile
{
    public UserProfile(
        string? email,
        bool emailVerified,
        string? firstName,
        string? lastName,
        string? pictureUrl,
        string? hostedDomain)
    {
        Email = Clip(email, User.MaxEmailLength);
        EmailVerified = emailVerified;
        FirstName = Clip(firstName, User.MaxNameLength);
        LastName = Clip(lastName, User.MaxNameLength);
        // A cut URL would be a broken link: drop it instead.
        PictureUrl = pictureUrl is { Length: <= User.MaxPictureUrlLength } ? NullIfBlank(pictureUrl) : null;
        HostedDomain = Clip(hostedDomain, User.MaxNameLength);
    }

    public string? Email { get; }
    public bool EmailVerified { get; }
    public string? FirstName { get; }
    public string? LastName { get; }
    public string? PictureUrl { get; }
    public string? HostedDomain { get; }

    private static string? Clip(string? value, int maxLength)
    {
        var trimmed = NullIfBlank(value);
        return trimmed is { Length: > 0 } && trimmed.Length > maxLength ? trimmed[..maxLength] : trimmed;
    }

    private static string? NullIfBlank(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
