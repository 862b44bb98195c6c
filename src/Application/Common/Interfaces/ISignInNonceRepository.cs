using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISignInNonceRepository
{
    /// <summary>
    /// Stores the nonce as used, at once and outside the unit of work, unless it is stored already; says
    /// whether it stored it. Of two requests racing with the same nonce, exactly one gets true.
    /// </summary>
    Task<bool> TryRecordUseAsync(SignInNonce use, CancellationToken cancellationToken);

    /// <summary>Whether a nonce with this hash is recorded as used.</summary>
    Task<bool> IsUsedAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>Deletes used nonces past their expiry (which refuses them anyway), at once and outside the unit of work; returns how many it deleted.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
