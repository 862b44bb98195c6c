using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.Infrastructure.Maintenance;

/// <summary>Configuration section <c>Auth:Sweep</c>.</summary>
public sealed class SweepOptions : IValidatableObject
{
    public const string SectionName = "Auth:Sweep";

    /// <summary>How often ended sessions and expired nonces are deleted.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A timer's period must be positive; a day is far beyond any sensible interval.
        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Must be between 00:00:01 and 1.00:00:00.", [nameof(Interval)]);
        }
    }
}
