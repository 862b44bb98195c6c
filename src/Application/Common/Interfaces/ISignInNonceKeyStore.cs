namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>
/// The secret that signs sign-in nonces (<see cref="Domain.SignIn.SignInNonce"/>): one per database, so
/// that every instance sharing it accepts the nonces any of them issued.
/// </summary>
public interface ISignInNonceKeyStore
{
    ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken);
}
