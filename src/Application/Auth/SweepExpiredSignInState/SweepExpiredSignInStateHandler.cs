using GoogleLogin.Application.Audit;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.SignIn;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.SweepExpiredSignInState;

/// <summary>
/// Revoked and expired sessions are deleted, not kept: no request can use them again, the user's list
/// never shows them, and the rows would only grow the table.
/// </summary>
public sealed class SweepExpiredSignInStateHandler(
    ISessionRepository sessions,
    ISignInNonceRepository nonces,
    IAuthorizationStateRepository authorizationStates,
    IPendingLinkRepository pendingLinks,
    ISecurityEventRepository securityEvents,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions,
    IOptions<AuditOptions> auditOptions)
    : ICommandHandler<SweepExpiredSignInStateCommand, SignInStateSwept>
{
    public async ValueTask<SignInStateSwept> Handle(SweepExpiredSignInStateCommand command, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var deletedSessions = await sessions.DeleteEndedAsync(now, sessionOptions.Value.ToLifetime(), cancellationToken);
        // A used nonce's record goes one lifetime after its expiry, not at it: the instance that checks a
        // nonce's expiry and the one that sweeps read different clocks, and a record swept while a slower
        // clock still finds the nonce unexpired would let it be used again.
        var deletedNonces = await nonces.DeleteExpiredAsync(now - SignInNonce.Lifetime, cancellationToken);
        // A state's use is kept as long, for the same reason: the sealed state itself says nothing of its use, and
        // an instance whose clock is behind would take it again once its record was gone.
        var deletedStates = await authorizationStates.DeleteExpiredAsync(now - AuthorizationState.Lifetime, cancellationToken);
        // A pending link past its expiry can be neither seen nor confirmed: deleting it late replays nothing.
        var deletedPendingLinks = await pendingLinks.DeleteExpiredAsync(now, cancellationToken);
        var deletedEvents = await securityEvents.DeleteOlderThanAsync(now - auditOptions.Value.Retention, cancellationToken);
        return new SignInStateSwept(deletedSessions, deletedNonces, deletedStates, deletedPendingLinks, deletedEvents);
    }
}
