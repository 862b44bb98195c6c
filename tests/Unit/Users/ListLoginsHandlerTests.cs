using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Users;

public sealed class ListLoginsHandlerTests
{
    private readonly SessionScenario _given = new();
    private readonly ListLoginsHandler _handler;

    public ListLoginsHandlerTests() => _handler = new ListLoginsHandler(
        _given.Store,
        [new FakeIdentityTokenVerifier("google"), new FakeIdentityTokenVerifier("acme") { Policy = new("Acme", RequireNonce: true) }]);

    [Fact]
    public async Task Logins_come_oldest_first_named_as_people_know_their_provider()
    {
        // Linked out of order: the list follows when each was linked, not how they are stored.
        _given.User.Link(new ExternalIdentity("https://login.acme.example", "acme-7"), "acme", "ada@acme.example", TestData.Now.AddHours(2));
        _given.User.Link(new ExternalIdentity("https://idp.retired.example", "r-1"), "retired", null, TestData.Now.AddHours(1));

        var logins = await _handler.Handle(new ListLoginsQuery(_given.User.Id), CancellationToken.None);

        logins.Select(l => (l.Provider, l.DisplayName, l.Email, l.LinkedAt)).Should().Equal(
            ("google", "Google", "a@example.com", TestData.Now),
            ("retired", "retired", null, TestData.Now.AddHours(1)),
            ("acme", "Acme", "ada@acme.example", TestData.Now.AddHours(2)));
        logins.Select(l => l.Id).Should().Equal(_given.User.Logins.OrderBy(l => l.LinkedAt).Select(l => l.Id));
    }

    [Fact]
    public async Task Only_the_user_s_own_logins_are_listed()
    {
        var logins = await _handler.Handle(new ListLoginsQuery(_given.OtherUser.Id), CancellationToken.None);

        logins.Should().ContainSingle().Which.Id.Should().Be(_given.OtherUser.Logins.Single().Id);
    }

    [Fact]
    public async Task An_unknown_user_is_not_found()
    {
        var list = () => _handler.Handle(new ListLoginsQuery(Guid.NewGuid()), CancellationToken.None).AsTask();

        await list.Should().ThrowAsync<NotFoundException>();
    }
}
