using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence.Repositories;

internal sealed class SessionRepository(AppDbContext db) : ISessionRepository
{
    public Task<Session?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == tokenHash, cancellationToken);

    public async Task<IReadOnlyList<Session>> ListUnrevokedByUserAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null)
            .OrderByDescending(s => s.CreatedAt)
            .ToListAsync(cancellationToken);

    public void Add(Session session) => db.Sessions.Add(session);
}
