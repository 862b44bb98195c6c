using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Users.UnlinkLogin;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Users;

public sealed class UnlinkLoginHandlerTests
{
    private static readonly ExternalIdentity AcmeAccount = new("https://login.acme.example", "acme-7");

    private readonly SessionScenario _given = new();
    private readonly RecordingPublisher _publisher = new();
    private readonly UnlinkLoginHandler _handler;

    public UnlinkLoginHandlerTests() => _handler = new UnlinkLoginHandler(_given.Store, _given.Store, _publisher);

    private Task<Mediator.Unit> UnlinkAsync(Guid userId, Guid loginId) => _handler.Handle(new UnlinkLoginCommand(userId, loginId), CancellationToken.None).AsTask();

    [Fact]
    public async Task Unlinking_one_of_two_logins_removes_it_records_LoginUnlinked_and_saves()
    {
        _given.User.Link(AcmeAccount, "acme", "ada@acme.example", TestData.Now);
        var acme = _given.User.Logins.Single(l => l.Identity == AcmeAccount);

        await UnlinkAsync(_given.User.Id, acme.Id);

        _given.User.Logins.Should().ContainSingle().Which.Provider.Should().Be("google");
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.LoginUnlinked, "acme"));
        _given.Store.SaveCount.Should().Be(1);
    }

    [Fact]
    public async Task The_last_login_cannot_be_unlinked()
    {
        var only = _given.User.Logins.Single();

        var unlink = () => UnlinkAsync(_given.User.Id, only.Id);

        (await unlink.Should().ThrowAsync<LastLoginException>()).Which.UserId.Should().Be(_given.User.Id);
        _given.User.Logins.Should().ContainSingle();
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Another_user_s_login_is_not_found_and_stays_theirs()
    {
        _given.User.Link(AcmeAccount, "acme", "ada@acme.example", TestData.Now);
        _given.OtherUser.Link(new ExternalIdentity("https://login.acme.example", "acme-8"), "acme", "b@acme.example", TestData.Now);
        var theirs = _given.OtherUser.Logins.First();

        var unlink = () => UnlinkAsync(_given.User.Id, theirs.Id);

        await unlink.Should().ThrowAsync<NotFoundException>();
        _given.OtherUser.Logins.Should().HaveCount(2);
        _given.User.Logins.Should().HaveCount(2);
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_login_or_user_is_not_found()
    {
        _given.User.Link(AcmeAccount, "acme", null, TestData.Now);

        var unknownLogin = () => UnlinkAsync(_given.User.Id, Guid.NewGuid());
        var unknownUser = () => UnlinkAsync(Guid.NewGuid(), _given.User.Logins.First().Id);

        await unknownLogin.Should().ThrowAsync<NotFoundException>();
        await unknownUser.Should().ThrowAsync<NotFoundException>();
        _given.User.Logins.Should().HaveCount(2);
        _publisher.Published.Should().BeEmpty();
    }
}
