using GoogleLogin.Domain.Common;

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
        Email = StoredText.Clip(email, Limits.EmailLength);
        EmailVerified = emailVerified;
        FirstName = StoredText.Clip(firstName, Limits.NameLength);
        LastName = StoredText.Clip(lastName, Limits.NameLength);
        PictureUrl = IsImageUrl(pictureUrl) ? pictureUrl!.Trim() : null;
        HostedDomain = StoredText.Clip(hostedDomain, Limits.NameLength);
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
        StoredText.NullIfBlank(value) is { Length: <= Limits.PictureUrlLength } url &&
        (url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) ||
            (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps));
}
