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
        PictureUrl = IsImageUrl(pictureUrl) ? pictureUrl!.Trim() : null;
        HostedDomain = Clip(hostedDomain, User.MaxNameLength);
    }

    public string? Email { get; }
    public bool EmailVerified { get; }
    public string? FirstName { get; }
    public string? LastName { get; }
    public string? PictureUrl { get; }
    public string? HostedDomain { get; }

    /// <summary>
    /// Only what an <c>img</c> can show: an https URL or an inline image. Anything else (a
    /// <c>javascript:</c> URL, plain http) is dropped, and so is an over-long URL, since cut it would be broken.
    /// </summary>
    private static bool IsImageUrl(string? value) =>
        NullIfBlank(value) is { Length: <= User.MaxPictureUrlLength } url &&
        (url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) ||
            (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps));

    private static string? Clip(string? value, int maxLength)
    {
        var trimmed = NullIfBlank(value);
        return trimmed is { Length: > 0 } && trimmed.Length > maxLength ? trimmed[..maxLength] : trimmed;
    }

    private static string? NullIfBlank(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
