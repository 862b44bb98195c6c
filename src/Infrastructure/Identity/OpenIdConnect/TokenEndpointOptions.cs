using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>How the redirect sign-in redeems its code at a provider's token endpoint. Configuration section <c>Auth:TokenEndpoint</c>.</summary>
public sealed class TokenEndpointOptions : IValidatableObject
{
    public const string SectionName = "Auth:TokenEndpoint";

    /// <summary>
    /// A token or userinfo endpoint slower than this to answer counts as down: the sign-in answers <c>provider_unavailable</c>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The browser waits on the callback meanwhile.
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"{SectionName}:Timeout must be positive and at most 00:01:00.", [nameof(Timeout)]);
        }
    }
}
