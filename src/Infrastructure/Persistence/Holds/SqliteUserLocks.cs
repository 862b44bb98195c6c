namespace GoogleLogin.Infrastructure.Persistence.Holds;

/// <summary>One lock per user in this process, kept only while someone holds or awaits it.</summary>
internal sealed class SqliteUserLocks
{
    private readonly Dictionary<Guid, UserLock> _locks = [];

    public async Task<IDisposable> AcquireAsync(Guid userId, CancellationToken cancellationToken)
    {
        UserLock userLock;
        lock (_locks)
        {
            if (!_locks.TryGetValue(userId, out userLock!))
            {
                userLock = new UserLock(this, userId);
                _locks.Add(userId, userLock);
            }

            userLock.Holders++;
        }

        try
        {
            await userLock.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(userLock);
            throw;
        }

        return userLock.Holding();
    }

    private void Leave(UserLock userLock)
    {
        lock (_locks)
        {
            if (--userLock.Holders == 0)
            {
                _locks.Remove(userLock.UserId);
                userLock.Semaphore.Dispose();
            }
        }
    }

    private sealed class UserLock(SqliteUserLocks owner, Guid userId)
    {
        public SqliteUserLocks Owner { get; } = owner;

        public Guid UserId { get; } = userId;

        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Those holding or awaiting it; guarded by the owner's dictionary.</summary>
        public int Holders { get; set; }

        public IDisposable Holding() => new Held(this);

        private sealed class Held(UserLock userLock) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    userLock.Semaphore.Release();
                    userLock.Owner.Leave(userLock);
                }
            }
        }
    }
}
