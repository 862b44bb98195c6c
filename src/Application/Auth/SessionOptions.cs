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

    /// <summary>
    /// How long a session checked against the database may be trusted from memory on this instance. A
    /// revocation made here, or announced by PostgreSQL, is seen at once; one made elsewhere (another
    /// instance on SQLite, a missed announcement, a hand-made change in the database) within this time.
    /// Zero reads the database on every request.
    /// </summary>
    public TimeSpan RevocationLatency { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How recent a session's sign-in must be to change how the account signs in (link a login): a stolen
    /// older session cannot add its thief's own login.
    /// </summary>
    public TimeSpan ReauthenticationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Until when a session opened at <paramref name="signedInAt"/> counts as a recent sign-in.</summary>
    public DateTimeOffset RecentSignInUntil(DateTimeOffset signedInAt) => signedInAt + ReauthenticationWindow;

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

        if (RevocationLatency < TimeSpan.Zero || RevocationLatency > IdleTimeout)
        {
            yield return new ValidationResult("Must be zero or positive, and no longer than the idle timeout.", [nameof(RevocationLatency)]);
        }

        if (ReauthenticationWindow <= TimeSpan.Zero || ReauthenticationWindow > AbsoluteLifetime)
        {
            yield return new ValidationResult("Must be positive and no longer than the absolute lifetime.", [nameof(ReauthenticationWindow)]);
        }

        if (MaxPerUser < 1)
        {
            yield return new ValidationResult("Must be at least 1.", [nameof(MaxPerUser)]);
        }
    }
}
