using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.Application.Audit;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions : IValidatableObject
{
    public const string SectionName = "Audit";

    /// <summary>How long a security event is kept; the background sweep deletes older ones.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(Retention)]);
        }
    }
}
