using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.Application.Audit;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions : IValidatableObject
{
    public const string SectionName = "Audit";

    /// <summary>How long a security event is kept; the background sweep deletes older ones.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Ten years: the sweep's cut-off, now minus the retention, must stay a date.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);

    /// <summary>
    /// How many security events a user keeps at most; recording one more drops the oldest, so whatever is
    /// done over and over on an account cannot fill the database within the retention.
    /// </summary>
    public int MaxEventsPerUser { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention <= TimeSpan.Zero || Retention > MaxRetention)
        {
            yield return new ValidationResult($"Must be positive and at most {MaxRetention.TotalDays:0} days.", [nameof(Retention)]);
        }

        if (MaxEventsPerUser < 1)
        {
            yield return new ValidationResult("Must be positive.", [nameof(MaxEventsPerUser)]);
        }
    }
}
