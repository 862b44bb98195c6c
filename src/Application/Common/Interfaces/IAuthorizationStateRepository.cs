using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Application.Common.Interfaces;

public interface IAuthorizationStateRepository
{
    /// <summary>Adds a started redirect sign-in, saved with the unit of work.</summary>
    void Add(AuthorizationState state);

    Task<AuthorizationState?> FindAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the state at once, outside the unit of work, and says whether this call deleted it: of two
    /// callbacks racing with one state, exactly one gets true.
    /// </summary>
    Task<bool> TryRemoveAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>Deletes states past their expiry, at once and outside the unit of work; returns how many it deleted.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
