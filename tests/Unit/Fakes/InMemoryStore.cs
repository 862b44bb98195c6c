using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>What has been committed, shared by every <see cref="InMemoryStore"/> that plays a request against it.</summary>
internal sealed class InMemoryDatabase
{
    public List<User> Users { get; } = [];

    public List<Session> Sessions { get; } = [];

    public int SaveCount { get; set; }
}

/// <summary>
/// In-memory users and sessions behind the repository and unit-of-work ports, as one request sees them.
/// Added entities become visible only when saved, like a database transaction.
/// </summary>
internal sealed class InMemoryStore(InMemoryDatabase? database = null) : IUserRepository, ISessionRepository, IUnitOfWork
{
    private readonly List<User> _pendingUsers = [];
    private readonly List<Session> _pendingSessions = [];

    public InMemoryDatabase Database { get; } = database ?? new InMemoryDatabase();

    public List<User> Users => Database.Users;

    public List<Session> Sessions => Database.Sessions;

    public int SaveCount => Database.SaveCount;

    /// <summary>Runs inside the next save, before it commits: lets a test play a competing request.</summary>
    public Action? BeforeNextSave { get; set; }

    Task<User?> IUserRepository.FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(Users.SingleOrDefault(u => u.Id == id));

    public Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken) =>
        Task.FromResult(Users.SingleOrDefault(u => u.Issuer == identity.Issuer && u.Subject == identity.Subject));

    public void Add(User user) => _pendingUsers.Add(user);

    Task<Session?> ISessionRepository.FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.SingleOrDefault(s => s.Id == id));

    public Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.SingleOrDefault(s => s.TokenHash.AsSpan().SequenceEqual(tokenHash)));

    public Task<IReadOnlyList<Session>> ListUnrevokedByUserAsync(Guid userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Session>>([.. Sessions.Where(s => s.UserId == userId && !s.IsRevoked).OrderByDescending(s => s.CreatedAt)]);

    public void Add(Session session) => _pendingSessions.Add(session);

    public Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        var competingRequest = BeforeNextSave;
        BeforeNextSave = null;
        competingRequest?.Invoke();

        // The same rule as the database's unique index on (Issuer, Subject).
        if (_pendingUsers.Any(p => Users.Any(u => u.Issuer == p.Issuer && u.Subject == p.Subject)))
        {
            _pendingUsers.Clear();
            _pendingSessions.Clear();
            throw new ExternalIdentityAlreadyRegisteredException();
        }

        Users.AddRange(_pendingUsers);
        Sessions.AddRange(_pendingSessions);
        _pendingUsers.Clear();
        _pendingSessions.Clear();
        Database.SaveCount++;
        return Task.CompletedTask;
    }
}
