using Mediator;

namespace GoogleLogin.Application.Auth.SweepExpiredSignInState;

/// <summary>
/// Delete the sign-in state nothing can use any more (ended sessions, used nonces and used redirect states
/// past their expiry, pending links past theirs) and the security events older than <c>Audit:Retention</c>.
/// </summary>
public sealed record SweepExpiredSignInStateCommand : ICommand<SignInStateSwept>;

/// <summary>How many rows the sweep deleted.</summary>
public sealed record SignInStateSwept(int Sessions, int Nonces, int AuthorizationStates, int PendingLinks, int SecurityEvents);
