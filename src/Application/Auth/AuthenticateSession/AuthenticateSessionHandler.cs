using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using MapsterMapper;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.AuthenticateSession;

public sealed class AuthenticateSessionHandler(
    ISessionRepository sessions,
    IUserRepository users,
    IUnitOfWork unitOfWork,
    IMapper mapper,
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

        var session = await sessions.FindByTokenHashAsync(token.Hash(), cancellationToken);
        var now = timeProvider.GetUtcNow();
        var lifetime = sessionOptions.Value.ToLifetime();
        if (session is null || !session.IsActiveAt(now, lifetime))
        {
            return null;
        }

        if (!await users.IsActiveAsync(session.UserId, cancellationToken))
        {
            return null;
        }

        if (session.Touch(now, lifetime))
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }

        return mapper.Map<AuthenticatedSession>(session);
    }
}
