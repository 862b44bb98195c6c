using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class RecentSignInCheckTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly SessionScenario _given = new();

    private RecentSignInCheck Check(TimeSpan? idle = null)
    {
        var options = TestData.SessionOptions(idle: idle);
        options.Value.ReauthenticationWindow = Window;
        return new RecentSignInCheck(_given.Store, _given.Time, options);
    }

    [Fact]
    public async Task A_session_opened_within_the_window_is_the_one_answered()
    {
        var session = _given.OpenSession(_given.User);
        _given.Time.SetUtcNow(session.CreatedAt + Window);

        var found = await Check().EnsureAsync(session.Id, CancellationToken.None);

        found.Should().BeSameAs(session);
    }

    [Fact]
    public async Task A_session_opened_a_moment_longer_ago_than_the_window_is_refused_however_active()
    {
        var session = _given.OpenSession(_given.User);
        _given.Time.SetUtcNow(session.CreatedAt + Window - TimeSpan.FromMinutes(1));
        session.Touch(_given.Time.GetUtcNow(), SessionScenario.Lifetime).Should().BeTrue();
        _given.Time.SetUtcNow(session.CreatedAt + Window + TimeSpan.FromTicks(1));

        var ensure = () => Check().EnsureAsync(session.Id, CancellationToken.None);

        (await ensure.Should().ThrowAsync<ReauthenticationRequiredException>()).Which.Window.Should().Be(Window);
    }

    [Fact]
    public async Task An_unknown_session_is_refused()
    {
        var ensure = () => Check().EnsureAsync(Guid.NewGuid(), CancellationToken.None);

        await ensure.Should().ThrowAsync<ReauthenticationRequiredException>();
    }

    [Fact]
    public async Task A_recent_session_revoked_since_is_refused()
    {
        var session = _given.OpenSession(_given.User);
        session.Revoke(_given.Time.GetUtcNow());

        var ensure = () => Check().EnsureAsync(session.Id, CancellationToken.None);

        await ensure.Should().ThrowAsync<ReauthenticationRequiredException>();
    }

    [Fact]
    public async Task A_recent_session_that_went_idle_is_refused()
    {
        var session = _given.OpenSession(_given.User);
        _given.Time.SetUtcNow(session.CreatedAt + TimeSpan.FromMinutes(5));

        var ensure = () => Check(idle: TimeSpan.FromMinutes(5)).EnsureAsync(session.Id, CancellationToken.None);

        await ensure.Should().ThrowAsync<ReauthenticationRequiredException>();
    }

    [Fact]
    public async Task A_recent_session_past_its_absolute_lifetime_is_refused()
    {
        // Opened when sessions lived five minutes: its own end decides, however long the window.
        var session = Session.Open(_given.User.Id, _given.User.Logins.First().Id, SessionToken.New(), new SessionLifetime(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), _given.Time.GetUtcNow(), null, null);
        _given.Store.Sessions.Add(session);
        _given.Time.Advance(TimeSpan.FromMinutes(5));

        var ensure = () => Check().EnsureAsync(session.Id, CancellationToken.None);

        await ensure.Should().ThrowAsync<ReauthenticationRequiredException>();
    }
}
