using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>The uses of redirect states: a state travels sealed and is stored only once used, until it expires.</summary>
public interface IAuthorizationStateRepository
{
    /// <summary>
    /// Records the state's use at once, outside the unit of work, and says whether this call was its first
    /// use: of two callbacks racing with one state, on any instances, exactly one gets true.
    /// </summary>
    Task<bool> TryRecordUseAsync(AuthorizationState state, CancellationToken cancellationToken);

    /// <summary>Deletes the uses of states past their expiry, at once and outside the unit of work; returns how many it deleted.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
