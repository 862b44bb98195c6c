using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.WebApi.Configuration;

/// <summary>
/// Configuration section <c>Brand</c>: what the app calls itself to people. The SPA reads it from
/// <c>GET /api/auth/config</c> for every page title, the header and the sign-in card, so operators
/// rebrand without rebuilding it.
/// </summary>
internal sealed class BrandOptions : IValidatableObject
{
    public const string SectionName = "Brand";

    /// <summary>The one place the product's default name is written (besides index.html's first title).</summary>
    public const string DefaultName = "GoogleLogin";

    /// <summary>The app's name: every page title ends with it, and the header shows it.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = $"{SectionName}:Name must be set: the app's name, shown in every page title and the header.")]
    [RegularExpression(@"^[^\p{C}]{1,64}$", ErrorMessage = $"{SectionName}:Name must be 1 to 64 printable characters.")]
    public string Name { get; set; } = DefaultName;

    /// <summary>A picture beside the name in the header: a path of this site (the page's CSP loads images from it only).</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The terms of service, linked under the sign-in card.</summary>
    public string? TermsUrl { get; set; }

    /// <summary>The privacy policy, linked under the sign-in card.</summary>
    public string? PrivacyUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LogoUrl is not null && !IsSitePath(LogoUrl))
        {
            yield return new ValidationResult(
                $"{SectionName}:LogoUrl must be a path of this site, such as /logo.svg (the page loads images from this site only).",
                [nameof(LogoUrl)]);
        }

        foreach (var (key, value) in new[] { (nameof(TermsUrl), TermsUrl), (nameof(PrivacyUrl), PrivacyUrl) })
        {
            if (value is not null && !IsSitePath(value) && !IsHttpsUrl(value))
            {
                yield return new ValidationResult(
                    $"{SectionName}:{key} must be an absolute https URL or a path of this site (starting with a single '/').",
                    [key]);
            }
        }
    }

    /// <summary>A path of this origin: '/' then not a second '/' or '\', which browsers read as another host.</summary>
    private static bool IsSitePath(string value) =>
        value.StartsWith('/') &&
        (value.Length == 1 || (value[1] != '/' && value[1] != '\\')) &&
        !value.Any(char.IsControl) &&
        Uri.TryCreate(value, UriKind.Relative, out _);

    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        uri.Scheme == Uri.UriSchemeHttps &&
        string.IsNullOrEmpty(uri.UserInfo) &&
        !value.Any(char.IsControl);
}
