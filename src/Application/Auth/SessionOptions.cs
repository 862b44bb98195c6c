using System.ComponentModel.DataAnnotations;
using GoogleLogin.Domain.Sessions;

namespace GoogleLogin.Application.Auth;

/// <summary>Configuration section <c>Auth:Sessions</c>.</summary>
public sealed class SessionOptions : IValidatableObject
{
    public const string SectionName = "Auth:Sessions";

    /// <summary>How long a session may live from sign-in, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a session may go unused before it ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many active sessions one user may have: opening one more revokes the oldest.</summary>
    public int MaxPerUser { get; set; } = 20;

    public SessionLifetime ToLifetime() => new(AbsoluteLifetime, IdleTimeout);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AbsoluteLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(AbsoluteLifetime)]);
        }

        if (IdleTimeout <= TimeSpan.Zero || IdleTimeout > AbsoluteLifetime)
        {
            yield return new ValidationResult("Must be positive and no longer than the absolute lifetime.", [nameof(IdleTimeout)]);
        }

        if (MaxPerUser < 1)
        {
            yield return new ValidationResult("Must be at least 1.", [nameof(MaxPerUser)]);
        }
    }
}
