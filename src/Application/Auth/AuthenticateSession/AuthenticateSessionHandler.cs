using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.AuthenticateSession;

/// <summary>
/// The check every request with a session cookie runs first: from memory when this session was checked
/// within <see cref="SessionOptions.RevocationLatency"/>, otherwise one read of the session with its user.
/// </summary>
public sealed class AuthenticateSessionHandler(
    ISessionRepository sessions,
    AuthenticatedSessionCache cache,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : IQueryHandler<AuthenticateSessionQuery, AuthenticatedSession?>
{
    public async ValueTask<AuthenticatedSession?> Handle(AuthenticateSessionQuery query, CancellationToken cancellationToken)
    {
        if (!SessionToken.TryParse(query.SessionToken, out var token))
        {
            return null;
        }

        var tokenHash = token.Hash();
        var now = timeProvider.GetUtcNow();
        var lifetime = sessionOptions.Value.ToLifetime();
        if (cache.TryGet(tokenHash, now, lifetime, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        var found = await sessions.FindWithUserByTokenHashAsync(tokenHash, cancellationToken);
        if (found is not ({ } session, { } user, true) || !session.IsActiveAt(now, lifetime))
        {
            return null;
        }

        if (session.Touch(now, lifetime))
        {
            await sessions.RecordUseAsync(session.Id, now, cancellationToken);
        }

        var authenticated = new AuthenticatedSession(session.Id, user.Id, user, session.CreatedAt);
        cache.Add(generation, session, authenticated, now);
        return authenticated;
    }
}
