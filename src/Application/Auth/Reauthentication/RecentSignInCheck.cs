using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.Reauthentication;

/// <summary>
/// The rule for changing how an account signs in, by either route (an ID token posted, a redirect started
/// and finished): the session asking is live and was opened within <see cref="SessionOptions.ReauthenticationWindow"/>.
/// </summary>
public sealed class RecentSignInCheck(ISessionRepository sessions, TimeProvider timeProvider, IOptions<SessionOptions> sessionOptions)
{
    /// <returns>The session, whose user the change is for.</returns>
    /// <exception cref="ReauthenticationRequiredException">The session is unknown, ended, or older than the window.</exception>
    public async Task<Session> EnsureAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var options = sessionOptions.Value;
        var now = timeProvider.GetUtcNow();
        var session = await sessions.FindByIdAsync(sessionId, cancellationToken);
        // A redirect link finishes minutes after it started: the session may have been revoked in between.
        if (session is null || !session.IsActiveAt(now, options.ToLifetime()) || now > options.RecentSignInUntil(session.CreatedAt))
        {
            throw new ReauthenticationRequiredException(options.ReauthenticationWindow);
        }

        return session;
    }
}
