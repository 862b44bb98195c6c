using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Application.Common.Interfaces;

public interface ISignInNonceRepository
{
    /// <summary>Stores a newly issued nonce when the unit of work is saved.</summary>
    void Add(SignInNonce nonce);

    /// <summary>
    /// Removes the nonce with this hash if it is unexpired and bound to this binding, at once and outside
    /// the unit of work, and says whether it did. Of two requests racing with the same nonce, exactly one
    /// gets true; a request with another binding never does, and leaves the nonce in place.
    /// </summary>
    Task<bool> TryConsumeAsync(byte[] hash, byte[] bindingHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether a nonce with this hash is stored and unexpired, whatever its binding.</summary>
    Task<bool> IsUnexpiredAsync(byte[] hash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes nonces that expired unused, at once and outside the unit of work; returns how many it deleted.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
