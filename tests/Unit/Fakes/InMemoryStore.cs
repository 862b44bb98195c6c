using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Domain.Users;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>
/// In-memory users, sessions and used nonces behind the repository, nonce key and unit-of-work ports, as
/// one request sees them. Added entities become visible only when saved, like a database transaction;
/// recording a nonce's use takes effect at once, as the real repository's single INSERT does.
/// </summary>
internal sealed class InMemoryStore(InMemoryDatabase? database = null) : IUserRepository, ISessionRepository, ISignInNonceRepository, ISignInNonceKeyStore, IAuthorizationStateRepository, IPendingLinkRepository, ISecurityEventRepository, IUnitOfWork
{
    // The database assigns an event's id; so does this store.
    private static readonly System.Reflection.PropertyInfo SecurityEventId = typeof(SecurityEvent).GetProperty(nameof(SecurityEvent.Id))!;

    private readonly List<User> _pendingUsers = [];
    private readonly List<Session> _pendingSessions = [];
    private readonly List<PendingLink> _pendingLinksToSave = [];

    public InMemoryDatabase Database { get; } = database ?? new InMemoryDatabase();

    public List<User> Users => Database.Users;

    public List<Session> Sessions => Database.Sessions;

    public List<AuthorizationState> UsedAuthorizationStates => Database.UsedAuthorizationStates;

    public List<PendingLink> PendingLinks => Database.PendingLinks;

    public List<SecurityEvent> SecurityEvents => Database.SecurityEvents;

    /// <summary>The nonces used so far.</summary>
    public List<SignInNonce> Nonces => Database.Nonces;

    public byte[] NonceKey => Database.NonceKey;

    public int SaveCount => Database.SaveCount;

    /// <summary>Runs inside the next save, before it commits: lets a test play a competing request.</summary>
    public Action? BeforeNextSave { get; set; }

    /// <summary>Runs before the next lookup of users by email: lets a test play a request that commits in between.</summary>
    public Action? BeforeNextEmailLookup { get; set; }

    public Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(Users.SingleOrDefault(u => u.Id == id));

    // One request at a time here: nothing to wait for.
    public Task HoldAsync(Guid userId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<User?> FindByExternalIdentityAsync(ExternalIdentity identity, CancellationToken cancellationToken) =>
        Task.FromResult(Users.SingleOrDefault(u => u.Logins.Any(l => l.Identity == identity)));

    public Task<IReadOnlyList<User>> ListByVerifiedEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var competingRequest = BeforeNextEmailLookup;
        BeforeNextEmailLookup = null;
        competingRequest?.Invoke();
        return Task.FromResult<IReadOnlyList<User>>([.. Users.Where(u => u.NormalizedEmail == normalizedEmail && u.EmailVerified)]);
    }

    public void Add(User user) => _pendingUsers.Add(user);

    Task<Session?> ISessionRepository.FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.SingleOrDefault(s => s.Id == id));

    public Task<Session?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.SingleOrDefault(s => s.TokenHash.AsSpan().SequenceEqual(tokenHash)));

    public async Task<(Session Session, UserDto User, bool UserIsActive)?> FindWithUserByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        await FindByTokenHashAsync(tokenHash, cancellationToken) is { } session && Users.SingleOrDefault(u => u.Id == session.UserId) is { } user
            ? (session, TestData.Mapper.Map<UserDto>(user), user.IsActive)
            : null;

    /// <summary>The stored session is the one the handler read and touched already; this counts the writes.</summary>
    public Task RecordUseAsync(Guid sessionId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        RecordedUses++;
        return Task.CompletedTask;
    }

    public int RecordedUses { get; private set; }

    public Task<IReadOnlyList<Session>> ListActiveByUserAsync(Guid userId, DateTimeOffset now, SessionLifetime lifetime, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Session>>([.. ActiveByUserNewestFirst(userId, now, lifetime)]);

    public Task<IReadOnlyList<Session>> ListActiveByUserBeyondNewestAsync(
        Guid userId,
        int newestToKeep,
        DateTimeOffset now,
        SessionLifetime lifetime,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Session>>([.. ActiveByUserNewestFirst(userId, now, lifetime).Skip(newestToKeep).Reverse()]);

    public void Add(Session session) => _pendingSessions.Add(session);

    public Task<int> DeleteEndedAsync(DateTimeOffset now, SessionLifetime lifetime, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.RemoveAll(s => !s.IsActiveAt(now, lifetime)));

    public Task<bool> TryRecordUseAsync(SignInNonce use, CancellationToken cancellationToken)
    {
        // The same rule as the database's primary key on the nonce's hash.
        if (Nonces.Any(n => n.Hash.AsSpan().SequenceEqual(use.Hash)))
        {
            return Task.FromResult(false);
        }

        Nonces.Add(use);
        return Task.FromResult(true);
    }

    public Task<bool> IsUsedAsync(byte[] hash, CancellationToken cancellationToken) =>
        Task.FromResult(Nonces.Any(n => n.Hash.AsSpan().SequenceEqual(hash)));

    public ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(NonceKey);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Nonces.RemoveAll(n => n.ExpiresAt <= now));

    private IEnumerable<Session> ActiveByUserNewestFirst(Guid userId, DateTimeOffset now, SessionLifetime lifetime) =>
        Sessions.Where(s => s.UserId == userId && s.IsActiveAt(now, lifetime)).OrderByDescending(s => s.CreatedAt);

    /// <summary>Issues a nonce for this browser binding, as <c>POST /api/auth/nonce</c> would, and returns its value.</summary>
    public string IssueNonce(DateTimeOffset now, string binding = TestData.NonceBinding) => SignInNonce.Issue(now, binding, NonceKey);

    /// <summary>Issues a nonce and records it used, as a sign-in with it would, and returns its value.</summary>
    public string UseNonce(DateTimeOffset now)
    {
        var value = IssueNonce(now);
        Nonces.Add(SignInNonce.Check(value, TestData.NonceBinding, NonceKey, now).Use!);
        return value;
    }

    // What a request changed is in the lists already; a handler starting over reads them afresh anyway.
    public Task DiscardAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        var competingRequest = BeforeNextSave;
        BeforeNextSave = null;
        competingRequest?.Invoke();

        // The same rule as the database's primary key on logins' (Issuer, Subject): whether the login is a
        // new user's or one linked to a saved user, an account another user holds by now is refused.
        if (Users.Concat(_pendingUsers)
            .SelectMany(u => u.Logins, (u, l) => (u.Id, l.Identity))
            .GroupBy(login => login.Identity)
            .Any(holders => holders.Select(h => h.Id).Distinct().Count() > 1))
        {
            _pendingUsers.Clear();
            _pendingSessions.Clear();
            throw new ExternalIdentityAlreadyRegisteredException();
        }

        Users.AddRange(_pendingUsers);
        Sessions.AddRange(_pendingSessions);
        PendingLinks.AddRange(_pendingLinksToSave);
        _pendingLinksToSave.Clear();
        _pendingUsers.Clear();
        _pendingSessions.Clear();
        Database.SaveCount++;
        return Task.CompletedTask;
    }

    public Task<bool> TryRecordUseAsync(AuthorizationState state, CancellationToken cancellationToken)
    {
        if (UsedAuthorizationStates.Any(s => s.Id == state.Id))
        {
            return Task.FromResult(false);
        }

        UsedAuthorizationStates.Add(state);
        return Task.FromResult(true);
    }

    Task<int> IAuthorizationStateRepository.DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(UsedAuthorizationStates.RemoveAll(s => s.ExpiresAt <= now));

    public void Add(PendingLink pendingLink) => _pendingLinksToSave.Add(pendingLink);

    public Task<PendingLink?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(PendingLinks.SingleOrDefault(p => p.Id == id));

    public Task<IReadOnlyList<PendingLink>> ListUnexpiredBySessionAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingLink>>([.. PendingLinks.Where(p => p.SessionId == sessionId && now < p.ExpiresAt)]);

    public Task<bool> TryRemoveAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(PendingLinks.RemoveAll(p => p.Id == id) == 1);

    Task<int> IPendingLinkRepository.DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(PendingLinks.RemoveAll(p => p.ExpiresAt <= now));

    /// <summary>
    /// Recorded at once, with the next id as the database's identity column assigns it. The handlers' tests see
    /// what they publish through RecordingPublisher; the recorder's and the activity list's see these.
    /// </summary>
    void ISecurityEventRepository.Add(SecurityEvent securityEvent)
    {
        SecurityEventId.SetValue(securityEvent, SecurityEvents.Count == 0 ? 1L : SecurityEvents.Max(e => e.Id) + 1);
        SecurityEvents.Add(securityEvent);
    }

    /// <summary>The pages asked for, as (user, limit, before).</summary>
    public List<(Guid UserId, int Limit, long? Before)> ActivityPagesRead { get; } = [];

    // The port's contract; the SQL that keeps it is tested against a database (SecurityEventRepositoryTests).
    Task<IReadOnlyList<SecurityEvent>> ISecurityEventRepository.ListByUserAsync(Guid userId, int limit, long? before, CancellationToken cancellationToken)
    {
        ActivityPagesRead.Add((userId, limit, before));
        return Task.FromResult<IReadOnlyList<SecurityEvent>>(
            [.. SecurityEvents.Where(e => e.UserId == userId && (before is null || e.Id < before)).OrderByDescending(e => e.Id).Take(limit)]);
    }

    Task<bool> ISecurityEventRepository.TryAddRefusalAsync(SecurityEvent refusal, CancellationToken cancellationToken)
    {
        if (SecurityEvents.Any(e => e.UserId == refusal.UserId && e.Type == refusal.Type && e.Provider == refusal.Provider && e.RefusalHour == refusal.RefusalHour))
        {
            return Task.FromResult(false);
        }

        ((ISecurityEventRepository)this).Add(refusal);
        return Task.FromResult(true);
    }

    Task<int> ISecurityEventRepository.DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Task.FromResult(SecurityEvents.RemoveAll(e => e.OccurredAt < cutoff));
}
