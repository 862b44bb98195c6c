using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Application.Auth.RevokeAllSessions;
using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class SessionManagementHandlerTests
{
    private static readonly SessionLifetime Lifetime = TestData.SessionOptions().Value.ToLifetime();
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly User _user;
    private readonly User _otherUser;

    public SessionManagementHandlerTests()
    {
        _user = User.Register(new ExternalIdentity("https://accounts.google.com", "1"), new UserProfile("a@example.com", true, "A", null, null, null), TestData.Now);
        _otherUser = User.Register(new ExternalIdentity("https://accounts.google.com", "2"), new UserProfile("b@example.com", true, "B", null, null, null), TestData.Now);
        _store.Users.AddRange([_user, _otherUser]);
    }

    private Session OpenSession(User user, string? userAgent = null)
    {
        var session = Session.Open(user.Id, SessionToken.New(), Lifetime, _time.GetUtcNow(), userAgent, "203.0.113.9");
        _store.Sessions.Add(session);
        _time.Advance(TimeSpan.FromSeconds(1));
        return session;
    }

    [Fact]
    public async Task Revoking_marks_the_session_revoked_and_saves()
    {
        var session = OpenSession(_user);
        _time.Advance(TimeSpan.FromMinutes(5));

        await new RevokeSessionHandler(_store, _store, _time).Handle(new RevokeSessionCommand(_user.Id, session.Id), CancellationToken.None);

        session.RevokedAt.Should().Be(_time.GetUtcNow());
        session.IsActiveAt(_time.GetUtcNow(), Lifetime).Should().BeFalse();
        _store.SaveCount.Should().Be(1);
    }

    [Fact]
    public async Task Revoking_an_unknown_session_or_someone_elses_is_not_found()
    {
        var othersSession = OpenSession(_otherUser);
        var handler = new RevokeSessionHandler(_store, _store, _time);

        var unknown = () => handler.Handle(new RevokeSessionCommand(_user.Id, Guid.NewGuid()), CancellationToken.None).AsTask();
        var notMine = () => handler.Handle(new RevokeSessionCommand(_user.Id, othersSession.Id), CancellationToken.None).AsTask();

        await unknown.Should().ThrowAsync<NotFoundException>();
        await notMine.Should().ThrowAsync<NotFoundException>();
        othersSession.IsRevoked.Should().BeFalse();
    }

    [Fact]
    public async Task Listing_shows_only_the_users_active_sessions_newest_first_and_marks_the_current_one()
    {
        var old = OpenSession(_user, "Old browser");
        var revoked = OpenSession(_user);
        revoked.Revoke(_time.GetUtcNow());
        OpenSession(_otherUser);
        var current = OpenSession(_user, "Current browser");

        var list = await new ListSessionsHandler(_store, TestData.Mapper, _time, TestData.SessionOptions())
            .Handle(new ListSessionsQuery(_user.Id, current.Id), CancellationToken.None);

        list.Select(s => s.Id).Should().Equal(current.Id, old.Id);
        list[0].Current.Should().BeTrue();
        list[0].UserAgent.Should().Be("Current browser");
        list[0].IpAddress.Should().Be("203.0.113.9");
        list[1].Current.Should().BeFalse();
    }

    [Fact]
    public async Task Listing_leaves_out_sessions_past_their_idle_timeout()
    {
        OpenSession(_user);
        _time.Advance(TimeSpan.FromHours(25));
        var fresh = OpenSession(_user);

        var list = await new ListSessionsHandler(_store, TestData.Mapper, _time, TestData.SessionOptions())
            .Handle(new ListSessionsQuery(_user.Id, fresh.Id), CancellationToken.None);

        list.Should().ContainSingle().Which.Id.Should().Be(fresh.Id);
    }

    [Fact]
    public async Task Revoking_all_ends_every_session_of_the_user_and_no_one_elses()
    {
        var a = OpenSession(_user);
        var b = OpenSession(_user);
        var others = OpenSession(_otherUser);

        var count = await new RevokeAllSessionsHandler(_store, _store, _time).Handle(new RevokeAllSessionsCommand(_user.Id), CancellationToken.None);

        count.Should().Be(2);
        a.IsRevoked.Should().BeTrue();
        b.IsRevoked.Should().BeTrue();
        others.IsRevoked.Should().BeFalse();
    }
}
