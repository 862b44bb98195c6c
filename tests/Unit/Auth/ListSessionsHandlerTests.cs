using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class ListSessionsHandlerTests
{
    private readonly SessionScenario _given = new();
    private readonly ListSessionsHandler _handler;

    public ListSessionsHandlerTests() => _handler = new ListSessionsHandler(
        _given.Store, _given.Store, [new FakeIdentityTokenVerifier("google")], TestData.Mapper, _given.Time, TestData.SessionOptions());

    [Fact]
    public async Task Listing_shows_only_the_users_active_sessions_newest_first_and_marks_the_current_one()
    {
        var old = _given.OpenSession(_given.User, "Old browser");
        var revoked = _given.OpenSession(_given.User);
        revoked.Revoke(_given.Time.GetUtcNow());
        _given.OpenSession(_given.OtherUser);
        var current = _given.OpenSession(_given.User, "Current browser");

        var list = await _handler.Handle(new ListSessionsQuery(_given.User.Id, current.Id), CancellationToken.None);

        list.Select(s => s.Id).Should().Equal(current.Id, old.Id);
        list[0].Current.Should().BeTrue();
        list[0].UserAgent.Should().Be("Current browser");
        list[0].IpAddress.Should().Be("203.0.113.9");
        list[1].Current.Should().BeFalse();
    }

    [Fact]
    public async Task Each_session_names_the_sign_in_method_that_opened_it_while_that_login_remains()
    {
        var login = _given.User.Logins.Single();
        _given.User.Link(new ExternalIdentity("https://acme.example", "ada"), "acme", "ada@acme.example", _given.Time.GetUtcNow());
        var opened = _given.OpenSession(_given.User, login: login);

        var list = await _handler.Handle(new ListSessionsQuery(_given.User.Id, opened.Id), CancellationToken.None);
        _given.User.Unlink(login.Id);
        var afterUnlink = await _handler.Handle(new ListSessionsQuery(_given.User.Id, opened.Id), CancellationToken.None);

        list.Single().Should().BeEquivalentTo(new { Provider = login.Provider, ProviderDisplayName = "Google", AccountEmail = login.Email });
        afterUnlink.Single().Should().BeEquivalentTo(new { Provider = (string?)null, ProviderDisplayName = (string?)null, AccountEmail = (string?)null });
    }

    [Fact]
    public async Task Listing_leaves_out_sessions_past_their_idle_timeout()
    {
        _given.OpenSession(_given.User);
        _given.Time.Advance(TimeSpan.FromHours(25));
        var fresh = _given.OpenSession(_given.User);

        var list = await _handler.Handle(new ListSessionsQuery(_given.User.Id, fresh.Id), CancellationToken.None);

        list.Should().ContainSingle().Which.Id.Should().Be(fresh.Id);
    }
}
