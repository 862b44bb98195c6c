using System.ComponentModel.DataAnnotations;
using GoogleLogin.Infrastructure.Identity.Fetching;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>How providers' discovery documents are read and held. Configuration section <c>Auth:Discovery</c>.</summary>
public sealed class OpenIdConnectDiscoveryOptions : IValidatableObject
{
    public const string SectionName = "Auth:Discovery";

    /// <summary>A provider slower than this to answer counts as down.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a failed read, none before this has passed: its sign-ins answer 503 meanwhile at once, or use
    /// the document held. The wait doubles with each failure in a row.
    /// </summary>
    public TimeSpan FailureRetryMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reads while the provider keeps failing: it is used within this of coming back.</summary>
    public TimeSpan FailureRetryMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A document held is read again, in the background, this long after it was read.</summary>
    public TimeSpan RenewAfter { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A sign-in may wait the fetch timeout.
        if (FetchTimeout <= TimeSpan.Zero || FetchTimeout > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"{SectionName}:FetchTimeout must be positive and at most 00:01:00.", [nameof(FetchTimeout)]);
        }

        foreach (var failure in FailureRetry.Validate(SectionName, FailureRetryMin, FailureRetryMax))
        {
            yield return failure;
        }

        if (RenewAfter < TimeSpan.FromMinutes(1) || RenewAfter > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult($"{SectionName}:RenewAfter must be between 00:01:00 and 7.00:00:00.", [nameof(RenewAfter)]);
        }
    }
}
