using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

/// <summary>What the cache of checked sessions may hand out, and when it must not.</summary>
public sealed class AuthenticatedSessionCacheTests
{
    private static readonly Guid UserId = Guid.CreateVersion7(TestData.Now);

    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly SessionLifetime _lifetime = TestData.SessionOptions().Value.ToLifetime();
    private readonly AuthenticatedSessionCache _cache;

    public AuthenticatedSessionCacheTests() => _cache = new AuthenticatedSessionCache(TestData.SessionOptions(), _time);

    private static (Session Session, AuthenticatedSession Result) ReadFromDatabase(DateTimeOffset now)
    {
        var session = Session.Open(UserId, Guid.NewGuid(), SessionToken.New(), TestData.SessionOptions().Value.ToLifetime(), now, null, null);
        var user = new UserDto { Id = UserId, Email = null, FirstName = null, LastName = null, PictureUrl = null };
        return (session, new AuthenticatedSession(session.Id, UserId, user, session.CreatedAt));
    }

    private bool IsServed(Session session) => _cache.TryGet(session.TokenHash, _time.GetUtcNow(), _lifetime, out _);

    [Fact]
    public void A_checked_session_is_served_until_the_latency_has_passed()
    {
        var (session, result) = ReadFromDatabase(_time.GetUtcNow());
        _cache.Add(_cache.Generation, session, result, _time.GetUtcNow());

        IsServed(session).Should().BeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(999));
        IsServed(session).Should().BeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        IsServed(session).Should().BeFalse();
    }

    [Fact]
    public void Evicting_the_user_ends_every_cached_session_of_theirs()
    {
        var (laptop, laptopResult) = ReadFromDatabase(_time.GetUtcNow());
        var (phone, phoneResult) = ReadFromDatabase(_time.GetUtcNow());
        _cache.Add(_cache.Generation, laptop, laptopResult, _time.GetUtcNow());
        _cache.Add(_cache.Generation, phone, phoneResult, _time.GetUtcNow());

        _cache.EvictUsers([UserId]);

        IsServed(laptop).Should().BeFalse();
        IsServed(phone).Should().BeFalse();
    }

    [Fact]
    public void A_read_that_began_before_an_eviction_is_not_trusted_though_it_is_added_after_it()
    {
        var generationBeforeTheRead = _cache.Generation;
        var (session, result) = ReadFromDatabase(_time.GetUtcNow());

        // The session is revoked and its user evicted while the read is on its way back.
        _cache.EvictUsers([UserId]);
        _cache.Add(generationBeforeTheRead, session, result, _time.GetUtcNow());

        IsServed(session).Should().BeFalse();
        var (again, againResult) = ReadFromDatabase(_time.GetUtcNow());
        _cache.Add(_cache.Generation, again, againResult, _time.GetUtcNow());
        IsServed(again).Should().BeTrue("a read after the eviction is trusted again");
    }

    [Fact]
    public void A_read_that_began_before_the_cache_was_emptied_is_not_trusted()
    {
        var generationBeforeTheRead = _cache.Generation;
        var (session, result) = ReadFromDatabase(_time.GetUtcNow());

        _cache.Clear();
        _cache.Add(generationBeforeTheRead, session, result, _time.GetUtcNow());

        IsServed(session).Should().BeFalse();
    }

    [Fact]
    public void It_holds_at_most_its_capacity_and_makes_room_once_entries_have_expired()
    {
        for (var i = 0; i < AuthenticatedSessionCache.Capacity; i++)
        {
            var (session, result) = ReadFromDatabase(_time.GetUtcNow());
            _cache.Add(_cache.Generation, session, result, _time.GetUtcNow());
        }

        var (oneTooMany, oneTooManyResult) = ReadFromDatabase(_time.GetUtcNow());
        _cache.Add(_cache.Generation, oneTooMany, oneTooManyResult, _time.GetUtcNow());
        IsServed(oneTooMany).Should().BeFalse("the cache is full of sessions checked within the latency");

        _time.Advance(TimeSpan.FromSeconds(1));
        var (later, laterResult) = ReadFromDatabase(_time.GetUtcNow());
        _cache.Add(_cache.Generation, later, laterResult, _time.GetUtcNow());
        IsServed(later).Should().BeTrue("the expired entries made way");
    }

    [Fact]
    public void Parallel_first_checks_of_one_session_count_it_once_so_the_capacity_stays_whole()
    {
        // Several requests of one session each miss and each add what they read: one entry, counted once.
        var sessions = Enumerable.Range(0, 20_000).Select(_ => ReadFromDatabase(_time.GetUtcNow())).ToArray();
        var requests = Enumerable.Range(0, 4 * Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            foreach (var (session, result) in sessions)
            {
                _cache.Add(_cache.Generation, session, result, _time.GetUtcNow());
            }
        })).ToList();
        requests.ForEach(request => request.Start());
        requests.ForEach(request => request.Join());
        sessions.Should().AllSatisfy(checkedSession => IsServed(checkedSession.Session).Should().BeTrue());

        // Emptied, the cache has room for its whole capacity again: a count that drifted would refuse the last.
        _cache.Clear();
        var fill = Enumerable.Range(0, AuthenticatedSessionCache.Capacity).Select(_ => ReadFromDatabase(_time.GetUtcNow())).ToList();
        foreach (var (session, result) in fill)
        {
            _cache.Add(_cache.Generation, session, result, _time.GetUtcNow());
        }

        IsServed(fill[^1].Session).Should().BeTrue("every entry the count holds is one the cache holds");
    }
}
