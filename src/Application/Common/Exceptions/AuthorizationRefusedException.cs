namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The provider sent the browser back with an error instead of a code: the person declined
/// (<see cref="Declined"/>), or the provider refused for its own reasons, which are not shown.
/// </summary>
public sealed class AuthorizationRefusedException(bool declined)
    : Exception(declined ? "The person declined at the provider." : "The provider answered the authorization request with an error.")
{
    public bool Declined { get; } = declined;
}
