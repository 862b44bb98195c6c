using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Users.UnlinkLogin;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Users;

public sealed class UnlinkLoginHandlerTests
{
    private static readonly ExternalIdentity AcmeAccount = new("https://login.acme.example", "acme-7");
    private static readonly TimeSpan Window = TestData.SessionOptions().Value.ReauthenticationWindow;

    private readonly SessionScenario _given = new();
    private readonly RecordingPublisher _publisher = new();
    private readonly UnlinkLoginHandler _handler;

    public UnlinkLoginHandlerTests() => _handler = new UnlinkLoginHandler(
        _given.Store,
        _given.Store,
        new RecentSignInCheck(_given.Store, _given.Time, TestData.SessionOptions()),
        _given.Store,
        _publisher,
        _given.Time,
        TestData.SessionOptions());

    private UserLogin Google => _given.User.Logins.Single(l => l.Provider == "google");

    private UserLogin LinkAcme()
    {
        _given.User.Link(AcmeAccount, "acme", "ada@acme.example", TestData.Now);
        return _given.User.Logins.Single(l => l.Identity == AcmeAccount);
    }

    private Task<LoginUnlinked> UnlinkAsync(Session session, Guid loginId) =>
        _handler.Handle(new UnlinkLoginCommand(session.Id, loginId), CancellationToken.None).AsTask();

    [Fact]
    public async Task Unlinking_one_of_two_logins_removes_it_records_LoginUnlinked_and_saves()
    {
        var acme = LinkAcme();
        var session = _given.OpenSession(_given.User, login: Google);

        var unlinked = await UnlinkAsync(session, acme.Id);

        unlinked.Should().Be(new LoginUnlinked(SessionEnded: false));
        _given.User.Logins.Should().ContainSingle().Which.Provider.Should().Be("google");
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.LoginUnlinked, "acme", "ada@acme.example"));
        _given.Store.SaveCount.Should().Be(1);
    }

    [Fact]
    public async Task A_session_older_than_the_window_removes_nothing()
    {
        var acme = LinkAcme();
        var session = _given.OpenSession(_given.User, login: Google);
        _given.Time.SetUtcNow(session.CreatedAt + Window + TimeSpan.FromTicks(1));

        var unlink = () => UnlinkAsync(session, acme.Id);

        (await unlink.Should().ThrowAsync<ReauthenticationRequiredException>()).Which.Window.Should().Be(Window);
        _given.User.Logins.Should().HaveCount(2);
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task A_revoked_session_removes_nothing()
    {
        var acme = LinkAcme();
        var session = _given.OpenSession(_given.User, login: Google);
        session.Revoke(_given.Time.GetUtcNow());

        var unlink = () => UnlinkAsync(session, acme.Id);

        await unlink.Should().ThrowAsync<ReauthenticationRequiredException>();
        _given.User.Logins.Should().HaveCount(2);
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task The_sessions_opened_through_the_login_are_revoked_and_the_others_live_on()
    {
        var acme = LinkAcme();
        var asking = _given.OpenSession(_given.User, login: Google);
        var throughAcme = new[] { _given.OpenSession(_given.User, login: acme), _given.OpenSession(_given.User, login: acme) };
        var throughGoogle = _given.OpenSession(_given.User, login: Google);
        var othersThroughTheSameAccount = _given.OpenSession(_given.OtherUser);

        var unlinked = await UnlinkAsync(asking, acme.Id);

        unlinked.SessionEnded.Should().BeFalse();
        throughAcme.Should().AllSatisfy(session => session.RevokedAt.Should().Be(_given.Time.GetUtcNow()));
        new[] { asking, throughGoogle, othersThroughTheSameAccount }.Should().AllSatisfy(session => session.IsRevoked.Should().BeFalse());
        _publisher.Published.Should().Equal(
            new SecurityEventRaised(_given.User.Id, SecurityEventType.LoginUnlinked, "acme", "ada@acme.example"),
            new SecurityEventRaised(_given.User.Id, SecurityEventType.SessionRevoked),
            new SecurityEventRaised(_given.User.Id, SecurityEventType.SessionRevoked));
        _given.Store.SaveCount.Should().Be(1);
    }

    [Fact]
    public async Task Unlinking_the_login_the_asking_session_was_opened_through_ends_it_and_says_so()
    {
        LinkAcme();
        var asking = _given.OpenSession(_given.User, login: Google);

        var unlinked = await UnlinkAsync(asking, Google.Id);

        unlinked.Should().Be(new LoginUnlinked(SessionEnded: true));
        asking.IsRevoked.Should().BeTrue();
        _given.User.Logins.Should().ContainSingle().Which.Provider.Should().Be("acme");
    }

    [Fact]
    public async Task The_last_login_cannot_be_unlinked()
    {
        var only = _given.User.Logins.Single();
        var session = _given.OpenSession(_given.User);

        var unlink = () => UnlinkAsync(session, only.Id);

        (await unlink.Should().ThrowAsync<LastLoginException>()).Which.UserId.Should().Be(_given.User.Id);
        _given.User.Logins.Should().ContainSingle();
        session.IsRevoked.Should().BeFalse();
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Another_user_s_login_is_not_found_and_stays_theirs()
    {
        LinkAcme();
        _given.OtherUser.Link(new ExternalIdentity("https://login.acme.example", "acme-8"), "acme", "b@acme.example", TestData.Now);
        var theirs = _given.OtherUser.Logins.First();
        var theirSession = _given.OpenSession(_given.OtherUser, login: theirs);
        var session = _given.OpenSession(_given.User);

        var unlink = () => UnlinkAsync(session, theirs.Id);

        await unlink.Should().ThrowAsync<NotFoundException>();
        _given.OtherUser.Logins.Should().HaveCount(2);
        _given.User.Logins.Should().HaveCount(2);
        theirSession.IsRevoked.Should().BeFalse();
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_login_is_not_found()
    {
        LinkAcme();
        var session = _given.OpenSession(_given.User);

        var unlink = () => UnlinkAsync(session, Guid.NewGuid());

        await unlink.Should().ThrowAsync<NotFoundException>();
        _given.User.Logins.Should().HaveCount(2);
        _publisher.Published.Should().BeEmpty();
    }
}
