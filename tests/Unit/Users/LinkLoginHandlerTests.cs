using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Users;

public sealed class LinkLoginHandlerTests
{
    private static readonly TimeSpan Window = TestData.SessionOptions().Value.ReauthenticationWindow;

    private readonly SessionScenario _given = new();
    private readonly FakeIdentityTokenVerifier _google = new("google");
    private readonly FakeIdentityTokenVerifier _acme = new("acme") { Policy = new("Acme", RequireNonce: true) };
    private readonly RecordingPublisher _publisher = new();
    private readonly LinkLoginHandler _handler;

    public LinkLoginHandlerTests() => _handler = new LinkLoginHandler(new LoginLinking(
        [_google, _acme],
        _given.Store,
        new RecentSignInCheck(_given.Store, _given.Time, TestData.SessionOptions()),
        TestData.NonceCheck(_given.Store, _given.Time),
        TestData.UserInfo(),
        _given.Store,
        _publisher,
        _given.Time));

    private static VerifiedIdentity AcmeAccount(string subject = "acme-7") =>
        new("https://login.acme.example", subject, "ada@acme.example", true, "Ada", null, null, null, Nonce: null);

    private static ExternalIdentity IdentityOf(VerifiedIdentity account) => new(account.Issuer, account.Subject);

    /// <summary>What the browser does: get a nonce, have the provider put it in a token, send both.</summary>
    private LinkLoginCommand LinkCommand(Session session, VerifiedIdentity account, FakeIdentityTokenVerifier? verifier = null, string? binding = TestData.NonceBinding)
    {
        verifier ??= _acme;
        var nonce = _given.Store.IssueNonce(_given.Time.GetUtcNow());
        return new LinkLoginCommand(session.Id, verifier.Provider, verifier.Accept(account with { Nonce = nonce }), nonce, binding);
    }

    private Task<LoginDto> LinkAsync(LinkLoginCommand command) => _handler.Handle(command, CancellationToken.None).AsTask();

    [Fact]
    public async Task A_recent_session_links_the_account_to_its_user_records_LoginLinked_and_answers_the_login()
    {
        var session = _given.OpenSession(_given.User);

        var login = await LinkAsync(LinkCommand(session, AcmeAccount()));

        var linked = _given.User.Logins.Should().HaveCount(2).And.ContainSingle(l => l.Identity == IdentityOf(AcmeAccount())).Subject;
        login.Should().Be(new LoginDto(linked.Id, "acme", "Acme", "ada@acme.example", _given.Time.GetUtcNow(), _given.Time.GetUtcNow()));
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.LoginLinked, "acme", "ada@acme.example"));
        _given.Store.SaveCount.Should().Be(1);
        _given.Store.Nonces.Should().ContainSingle("the token's nonce is used up");
        _given.OtherUser.Logins.Should().ContainSingle();
    }

    [Fact]
    public async Task A_session_opened_longer_ago_than_the_reauthentication_window_is_refused_before_the_token_is_used()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount());
        _given.Time.SetUtcNow(session.CreatedAt + Window + TimeSpan.FromTicks(1));

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<ReauthenticationRequiredException>()).Which.Window.Should().Be(Window);
        _acme.Calls.Should().Be(0);
        _given.Store.Nonces.Should().BeEmpty("the token can be sent again after a fresh sign-in");
        _given.User.Logins.Should().ContainSingle();
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task A_session_opened_at_the_edge_of_the_window_still_links()
    {
        var session = _given.OpenSession(_given.User);
        _given.Time.SetUtcNow(session.CreatedAt + Window);

        await LinkAsync(LinkCommand(session, AcmeAccount()));

        _given.User.Logins.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_revoked_session_cannot_link()
    {
        var session = _given.OpenSession(_given.User);
        session.Revoke(_given.Time.GetUtcNow());

        var link = () => LinkAsync(LinkCommand(session, AcmeAccount()));

        await link.Should().ThrowAsync<ReauthenticationRequiredException>();
        _given.User.Logins.Should().ContainSingle();
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_and_nothing_changes()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount()) with { Provider = "nobody" };

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<UnknownIdentityProviderException>()).Which.Provider.Should().Be("nobody");
        _given.User.Logins.Should().ContainSingle();
        _given.Store.Nonces.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task The_provider_is_found_whatever_the_case_of_its_route_name()
    {
        var session = _given.OpenSession(_given.User);

        var login = await LinkAsync(LinkCommand(session, AcmeAccount()) with { Provider = "ACME" });

        login.Provider.Should().Be("acme");
    }

    [Fact]
    public async Task Another_user_s_login_is_refused_and_stays_theirs()
    {
        var session = _given.OpenSession(_given.User);
        var othersGoogleAccount = new VerifiedIdentity("https://accounts.google.com", "2", "b@example.com", true, "B", null, null, null, Nonce: null);

        var link = () => LinkAsync(LinkCommand(session, othersGoogleAccount, _google));

        (await link.Should().ThrowAsync<LoginBelongsToAnotherUserException>()).Which.ProviderDisplayName.Should().Be("Google");
        _given.User.Logins.Should().ContainSingle();
        _given.OtherUser.Logins.Should().ContainSingle().Which.Identity.Should().Be(IdentityOf(othersGoogleAccount));
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task An_account_a_concurrent_first_sign_in_registered_meanwhile_is_refused_as_another_user_s()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount());
        // A first sign-in with that very account commits its new user between our lookup and our save.
        _given.Store.BeforeNextSave = () => _given.Store.Users.Add(
            User.Register(IdentityOf(AcmeAccount()), "acme", new UserProfile("ada@acme.example", true, "Ada", null, null, null), _given.Time.GetUtcNow()));

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<LoginBelongsToAnotherUserException>()).Which.ProviderDisplayName.Should().Be("Acme");
        _given.Store.SaveCount.Should().Be(0, "the link's transaction, with its event, is rolled back");
    }

    [Fact]
    public async Task A_disabled_user_gains_no_login()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount());
        _given.User.Deactivate();

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<UserInactiveException>()).Which.UserId.Should().Be(_given.User.Id);
        _given.User.Logins.Should().ContainSingle();
        _publisher.Published.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Linking_a_login_the_user_has_already_answers_it_again_without_a_second_event()
    {
        var session = _given.OpenSession(_given.User);
        var first = await LinkAsync(LinkCommand(session, AcmeAccount()));
        _given.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await LinkAsync(LinkCommand(session, AcmeAccount()));
        var own = await LinkAsync(LinkCommand(session, new VerifiedIdentity("https://accounts.google.com", "1", "a@example.com", true, "A", null, null, null, Nonce: null), _google));

        again.Should().Be(first);
        own.Should().BeEquivalentTo(new { Provider = "google", DisplayName = "Google", LinkedAt = TestData.Now });
        _given.User.Logins.Should().HaveCount(2);
        _publisher.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task A_token_without_a_nonce_is_rejected_and_links_nothing()
    {
        var session = _given.OpenSession(_given.User);
        var command = new LinkLoginCommand(session.Id, "acme", _acme.Accept(AcmeAccount()), Nonce: null, TestData.NonceBinding);

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<IdentityTokenRejectedException>()).Which.Reason.Should().Be("nonce_missing");
        _given.User.Logins.Should().ContainSingle();
    }

    [Fact]
    public async Task A_token_whose_nonce_is_not_the_one_the_browser_sent_is_rejected()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount()) with { Nonce = _given.Store.IssueNonce(_given.Time.GetUtcNow()) };

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<IdentityTokenRejectedException>()).Which.Reason.Should().Be("nonce_mismatch");
        _given.User.Logins.Should().ContainSingle();
    }

    [Fact]
    public async Task A_token_sent_from_another_browser_is_rejected_and_its_nonce_left_to_its_own()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount());

        var fromElsewhere = () => LinkAsync(command with { NonceBinding = RandomToken.New() });

        (await fromElsewhere.Should().ThrowAsync<IdentityTokenRejectedException>()).Which.Reason.Should().Be("nonce_not_bound_to_this_browser");
        _given.Store.Nonces.Should().BeEmpty();
        await LinkAsync(command);
        _given.User.Logins.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_token_is_used_once()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount());
        await LinkAsync(command);

        var replay = () => LinkAsync(command);

        (await replay.Should().ThrowAsync<IdentityTokenRejectedException>()).Which.Reason.Should().Be("nonce_unknown_expired_or_used");
        _publisher.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task A_token_whose_nonce_expired_is_rejected()
    {
        var session = _given.OpenSession(_given.User);
        var command = LinkCommand(session, AcmeAccount());
        _given.Time.Advance(SignInNonce.Lifetime);

        var link = () => LinkAsync(command);

        (await link.Should().ThrowAsync<IdentityTokenRejectedException>()).Which.Reason.Should().Be("nonce_unknown_expired_or_used");
        _given.User.Logins.Should().ContainSingle();
    }

    [Fact]
    public void The_command_never_prints_its_token_or_nonce()
    {
        var command = new LinkLoginCommand(Guid.NewGuid(), "acme", "header.payload.signature", "the-nonce", TestData.NonceBinding);

        command.ToString().Should().Be("LinkLoginCommand { Provider = acme }");
    }
}
