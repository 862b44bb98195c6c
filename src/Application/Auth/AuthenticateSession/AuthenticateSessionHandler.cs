using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using MapsterMapper;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.AuthenticateSession;

public sealed class AuthenticateSessionHandler(
    ISessionRepository sessions,
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

        var found = await sessions.FindByTokenHashWithUserStatusAsync(token.Hash(), cancellationToken);
        var now = timeProvider.GetUtcNow();
        var lifetime = sessionOptions.Value.ToLifetime();
        if (found is not ({ } session, true) || !session.IsActiveAt(now, lifetime))
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
