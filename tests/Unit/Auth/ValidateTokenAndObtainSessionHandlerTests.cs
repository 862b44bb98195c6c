using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class ValidateTokenAndObtainSessionHandlerTests
{
    private readonly FakeIdentityTokenVerifier _verifier = new();
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly RecordingPublisher _publisher = new();
    private readonly ValidateTokenAndObtainSessionHandler _handler;

    public ValidateTokenAndObtainSessionHandlerTests()
    {
        _handler = CreateHandler(_store);
    }

    private ValidateTokenAndObtainSessionHandler CreateHandler(InMemoryStore store) => new(
        [_verifier],
        store,
        store,
        store,
        TestData.NonceCheck(store, _time),
        TestData.UserInfo(),
        store,
        _publisher,
        TestData.Mapper,
        _time,
        TestData.SessionOptions(),
        NullLogger<ValidateTokenAndObtainSessionHandler>.Instance);

    private static ValidateTokenAndObtainSessionCommand Command(string token, string? nonce = null, string? binding = TestData.NonceBinding, string? sessionToken = null) =>
        new("google", token, nonce, binding, sessionToken, "Mozilla/5.0 (Test)", "203.0.113.7");

    /// <summary>What the browser does: get a nonce, have the provider put it in a token, send both.</summary>
    private ValidateTokenAndObtainSessionCommand SignInCommand(VerifiedIdentity identity)
    {
        var nonce = _store.IssueNonce(_time.GetUtcNow());
        return Command(_verifier.Accept(identity with { Nonce = nonce }), nonce);
    }

    private async Task<SessionIssued> SignInAsync(VerifiedIdentity identity) =>
        await _handler.Handle(SignInCommand(identity), CancellationToken.None);

    [Fact]
    public async Task First_sign_in_creates_the_user_from_the_verified_token_and_opens_a_session()
    {
        var issued = await SignInAsync(TestData.Ada());

        var user = _store.Users.Should().ContainSingle().Subject;
        user.Logins.Select(l => l.Identity).Should().Equal(new ExternalIdentity("https://accounts.google.com", "110169484474386276334"));
        user.Email.Should().Be("ada@example.com");
        user.EmailVerified.Should().BeTrue();
        user.FirstName.Should().Be("Ada");
        user.LastName.Should().Be("Lovelace");
        user.CreatedAt.Should().Be(TestData.Now);
        user.LastSignedInAt.Should().Be(TestData.Now);

        issued.User.Should().BeEquivalentTo(new
        {
            user.Id,
            Email = "ada@example.com",
            FirstName = "Ada",
            LastName = "Lovelace",
            PictureUrl = "https://lh3.googleusercontent.com/a/ada",
        });

        var session = _store.Sessions.Should().ContainSingle().Subject;
        session.UserId.Should().Be(user.Id);
        session.ExpiresAt.Should().Be(TestData.Now.AddDays(14));
        session.UserAgent.Should().Be("Mozilla/5.0 (Test)");
        session.IpAddress.Should().Be("203.0.113.7");
        issued.ExpiresAt.Should().Be(session.ExpiresAt);

        // Only the hash is stored (SHA-256 of the cookie value, computed here); the token itself goes to the cookie.
        SessionToken.TryParse(issued.SessionToken, out _).Should().BeTrue();
        session.TokenHash.Should().Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(issued.SessionToken)));
    }

    [Fact]
    public async Task Returning_user_is_found_by_issuer_and_subject_and_gets_a_new_session_each_time()
    {
        var first = await SignInAsync(TestData.Ada());
        _time.Advance(TimeSpan.FromHours(3));

        var second = await SignInAsync(TestData.Ada());

        _store.Users.Should().ContainSingle();
        second.User.Id.Should().Be(first.User.Id);
        second.SessionToken.Should().NotBe(first.SessionToken);
        _store.Sessions.Should().HaveCount(2);
        _store.Users[0].LastSignedInAt.Should().Be(TestData.Now.AddHours(3));
        _store.Users[0].CreatedAt.Should().Be(TestData.Now);
    }

    [Fact]
    public async Task Each_session_records_the_login_it_was_opened_with()
    {
        await SignInAsync(TestData.Ada());
        var user = _store.Users.Single();
        var second = new ExternalIdentity("https://login.acme.example", "acme-7");
        user.Link(second, "google", null, _time.GetUtcNow());

        await SignInAsync(TestData.Ada() with { Issuer = second.Issuer, Subject = second.Subject });

        _store.Sessions.Select(session => session.LoginId).Should().Equal(
            user.Logins.Single(login => login.Identity != second).Id,
            user.Logins.Single(login => login.Identity == second).Id);
    }

    [Fact]
    public async Task Changed_email_and_name_on_a_known_subject_update_the_same_user()
    {
        var first = await SignInAsync(TestData.Ada());
        var renamed = TestData.Ada(email: "ada.king@example.com") with { FamilyName = "King", PictureUrl = null };

        var second = await SignInAsync(renamed);

        second.User.Id.Should().Be(first.User.Id);
        second.User.Email.Should().Be("ada.king@example.com");
        second.User.LastName.Should().Be("King");
        second.User.PictureUrl.Should().BeNull();
        _store.Users.Should().ContainSingle().Which.NormalizedEmail.Should().Be("ADA.KING@EXAMPLE.COM");
    }

    /// <summary>Signing in again in place, as the page does it, renewing <paramref name="sessionId"/>.</summary>
    private async Task<SessionIssued> ReauthenticateAsync(VerifiedIdentity identity, Guid sessionId) =>
        await _handler.Handle(SignInCommand(identity) with { ReauthenticatingSessionId = sessionId }, CancellationToken.None);

    [Fact]
    public async Task Re_authenticating_renews_the_session_as_its_user_with_one_reauthenticated_event_and_no_revoked_one()
    {
        await SignInAsync(TestData.Ada());
        var old = _store.Sessions.Single();
        _time.Advance(TimeSpan.FromMinutes(30));

        var issued = await ReauthenticateAsync(TestData.Ada(), old.Id);

        old.RevokedAt.Should().Be(_time.GetUtcNow());
        _store.Sessions.Should().HaveCount(2).And.ContainSingle(s => !s.IsRevoked).Which.CreatedAt.Should().Be(issued.SignedInAt);
        issued.SignedInAt.Should().Be(_time.GetUtcNow());
        _publisher.Published.Should().Equal(
            new SecurityEventRaised(_store.Users[0].Id, SecurityEventType.SignedIn, "google", "ada@example.com"),
            new SecurityEventRaised(_store.Users[0].Id, SecurityEventType.Reauthenticated, "google", "ada@example.com"));
    }

    [Fact]
    public async Task Re_authenticating_with_an_account_that_is_not_the_session_user_s_changes_nothing_and_registers_nobody()
    {
        await SignInAsync(TestData.Ada());
        await SignInAsync(TestData.Ada(email: "grace@example.com") with { Subject = "777" });
        var adas = _store.Sessions[0];
        var published = _publisher.Published.Count;

        var anotherUsers = () => ReauthenticateAsync(TestData.Ada(email: "grace@example.com") with { Subject = "777" }, adas.Id);
        var nobodys = () => ReauthenticateAsync(TestData.Ada(email: "nobody@example.com") with { Subject = "888" }, adas.Id);

        await anotherUsers.Should().ThrowAsync<ReauthenticationMismatchException>();
        await nobodys.Should().ThrowAsync<ReauthenticationMismatchException>();
        _store.Users.Should().HaveCount(2);
        _store.Sessions.Should().HaveCount(2).And.OnlyContain(s => !s.IsRevoked);
        _publisher.Published.Should().HaveCount(published);
    }

    [Fact]
    public async Task Re_authenticating_a_disabled_account_is_refused_as_a_sign_in_is_and_an_ended_session_is_not_renewed()
    {
        var grace = TestData.Ada(email: "grace@example.com") with { Subject = "777" };
        await SignInAsync(TestData.Ada());
        await SignInAsync(grace);
        var (adas, graces) = (_store.Sessions[0], _store.Sessions[1]);
        _store.Users[0].Deactivate();
        graces.Revoke(_time.GetUtcNow());

        var disabled = () => ReauthenticateAsync(TestData.Ada(), adas.Id);
        var ended = () => ReauthenticateAsync(grace, graces.Id);

        await disabled.Should().ThrowAsync<UserInactiveException>();
        await ended.Should().ThrowAsync<SessionEndedException>();
        adas.IsRevoked.Should().BeFalse();
        _store.Sessions.Should().HaveCount(2);
    }

    [Fact]
    public async Task Inactive_user_is_refused_and_gets_no_session()
    {
        await SignInAsync(TestData.Ada());
        _store.Users[0].Deactivate();

        var act = () => SignInAsync(TestData.Ada());

        await act.Should().ThrowAsync<UserInactiveException>();
        _store.Sessions.Should().ContainSingle("only the session from before the account was disabled exists");
        _publisher.Published.Should().Equal(
            new SecurityEventRaised(_store.Users[0].Id, SecurityEventType.SignedIn, "google", "ada@example.com"),
            new SecurityEventRaised(_store.Users[0].Id, SecurityEventType.SignInRefusedDisabled, "google", "ada@example.com"));
        _store.SaveCount.Should().Be(2, "the refusal is recorded, though nothing else changes");
    }

    [Fact]
    public async Task Token_the_verifier_rejects_creates_nothing_and_leaves_the_nonce_unused()
    {
        var nonce = _store.IssueNonce(TestData.Now);

        var act = () => _handler.Handle(Command("forged", nonce), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>();
        _store.Users.Should().BeEmpty();
        _store.Sessions.Should().BeEmpty();
        _store.Nonces.Should().BeEmpty("a forged token must not burn the browser's nonce");
        _store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Unknown_provider_is_refused_before_any_verification()
    {
        var act = () => _handler.Handle(new ValidateTokenAndObtainSessionCommand("facebook", "t", null, null, null, null, null), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<UnknownIdentityProviderException>();
        _verifier.Calls.Should().Be(0);
    }

    [Fact]
    public async Task Token_with_an_issued_nonce_signs_in_once_and_its_replay_is_refused()
    {
        var command = SignInCommand(TestData.Ada());
        await _handler.Handle(command, CancellationToken.None);
        _store.Nonces.Should().ContainSingle("signing in records the nonce as used");

        var replay = () => _handler.Handle(command, CancellationToken.None).AsTask();

        await replay.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_unknown_expired_or_used");
        _store.Sessions.Should().ContainSingle();
    }

    [Fact]
    public async Task Token_without_a_nonce_is_refused_while_nonces_are_required()
    {
        var token = _verifier.Accept(TestData.Ada());

        var act = () => _handler.Handle(Command(token), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_missing");
        _store.Users.Should().BeEmpty();
    }

    [Fact]
    public async Task Nonce_this_application_never_issued_is_refused()
    {
        var token = _verifier.Accept(TestData.Ada(nonce: "chosen-by-the-attacker"));

        var act = () => _handler.Handle(Command(token, "chosen-by-the-attacker"), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_unknown_expired_or_used");
        _store.Sessions.Should().BeEmpty();
    }

    [Fact]
    public async Task Nonce_older_than_five_minutes_is_refused()
    {
        var command = SignInCommand(TestData.Ada());
        _time.Advance(TimeSpan.FromMinutes(5));

        var act = () => _handler.Handle(command, CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task Nonce_sent_with_the_request_must_match_the_token_and_a_mismatch_does_not_use_it_up()
    {
        var nonce = _store.IssueNonce(TestData.Now);
        var token = _verifier.Accept(TestData.Ada(nonce: nonce));

        var mismatch = () => _handler.Handle(Command(token, nonce: "another-page's-nonce"), CancellationToken.None).AsTask();
        await mismatch.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_mismatch");

        var issued = await _handler.Handle(Command(token, nonce), CancellationToken.None);
        issued.User.Email.Should().Be("ada@example.com");
    }

    [Theory]
    [InlineData("another-browser's-binding")]
    [InlineData(null)]
    public async Task Nonce_issued_to_another_browser_is_refused_and_stays_usable_by_its_own(string? otherBinding)
    {
        var nonce = _store.IssueNonce(TestData.Now);
        var token = _verifier.Accept(TestData.Ada(nonce: nonce));

        var stolen = () => _handler.Handle(Command(token, nonce, binding: otherBinding), CancellationToken.None).AsTask();
        await stolen.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_not_bound_to_this_browser");
        _store.Sessions.Should().BeEmpty();
        _store.Nonces.Should().BeEmpty("the thief's attempt must not burn the browser's nonce");

        var issued = await _handler.Handle(Command(token, nonce), CancellationToken.None);
        issued.User.Email.Should().Be("ada@example.com");
    }

    [Fact]
    public async Task Signing_in_with_a_session_cookie_revokes_that_session_in_the_save_that_opens_the_new_one()
    {
        var first = await SignInAsync(TestData.Ada());
        var nonce = _store.IssueNonce(_time.GetUtcNow());
        var token = _verifier.Accept(TestData.Ada(nonce: nonce) with { Subject = "another-account", Email = "grace@example.com" });
        var savesBefore = _store.SaveCount;

        var second = await _handler.Handle(Command(token, nonce, sessionToken: first.SessionToken), CancellationToken.None);

        _store.SaveCount.Should().Be(savesBefore + 1);
        var old = _store.Sessions.Single(s => s.TokenHash.AsSpan().SequenceEqual(RandomToken.Hash(first.SessionToken)));
        old.RevokedAt.Should().Be(_time.GetUtcNow());
        _store.Sessions.Single(s => s.TokenHash.AsSpan().SequenceEqual(RandomToken.Hash(second.SessionToken))).IsRevoked.Should().BeFalse();
    }

    [Fact]
    public async Task With_nonces_optional_a_token_without_one_signs_in_but_a_token_with_an_unknown_one_does_not()
    {
        _verifier.Policy = _verifier.Policy with { RequireNonce = false };

        var issued = await _handler.Handle(Command(_verifier.Accept(TestData.Ada())), CancellationToken.None);
        issued.User.Email.Should().Be("ada@example.com");

        var unknown = () => _handler.Handle(Command(_verifier.Accept(TestData.Ada(nonce: "never-issued"))), CancellationToken.None).AsTask();
        await unknown.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_unknown_expired_or_used");
    }

    [Fact]
    public async Task New_subject_with_an_existing_users_verified_email_is_refused_and_creates_nothing()
    {
        var ada = await SignInAsync(TestData.Ada());
        var claimant = TestData.Ada(email: "ADA@Example.com") with { Subject = "999", GivenName = "Mallory" };

        var act = () => SignInAsync(claimant);

        await act.Should().ThrowAsync<EmailAlreadyRegisteredException>()
            .Where(e => e.OwnerProvider == "google" && e.OwnerProviderDisplayName == "Google" && e.ProviderDisplayName == "Google");
        _store.Users.Should().ContainSingle().Which.Should().Match<User>(u => u.Id == ada.User.Id && u.FirstName == "Ada");
        _store.Users[0].Logins.Should().ContainSingle();
        _store.Sessions.Should().ContainSingle().Which.UserId.Should().Be(ada.User.Id);
        _publisher.Published.Should().EndWith(new SecurityEventRaised(ada.User.Id, SecurityEventType.SignInRefusedEmailInUse, "google", "ADA@Example.com"));
        _store.SaveCount.Should().Be(2, "the refusal is recorded for the address's owner");
    }

    [Fact]
    public async Task Unverified_email_creates_its_own_user_and_is_never_compared()
    {
        var ada = await SignInAsync(TestData.Ada());
        var unverified = TestData.Ada() with { Subject = "999", EmailVerified = false };

        var other = await SignInAsync(unverified);

        other.User.Id.Should().NotBe(ada.User.Id);
        _store.Users.Single(u => u.Id == other.User.Id).EmailVerified.Should().BeFalse();

        // And an unverified address held by a user does not block the account that verifies it.
        var verifiedOwner = await SignInAsync(TestData.Ada(email: "grace@example.com") with { Subject = "777" });
        verifiedOwner.User.Id.Should().NotBe(ada.User.Id);
    }

    [Fact]
    public async Task Verified_email_of_an_unverified_user_belongs_to_nobody_yet()
    {
        var unverified = await SignInAsync(TestData.Ada() with { EmailVerified = false });

        var verified = await SignInAsync(TestData.Ada() with { Subject = "999" });

        verified.User.Id.Should().NotBe(unverified.User.Id);
        _store.Users.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_disabled_user_s_verified_email_is_not_reopened_through_a_new_account()
    {
        await SignInAsync(TestData.Ada());
        _store.Users[0].Deactivate();

        var act = () => SignInAsync(TestData.Ada() with { Subject = "999" });

        await act.Should().ThrowAsync<EmailAlreadyRegisteredException>();
        _store.Users.Should().ContainSingle().Which.Logins.Should().ContainSingle();
    }

    [Fact]
    public async Task Known_subject_whose_email_moves_to_another_users_address_still_signs_in()
    {
        var ada = await SignInAsync(TestData.Ada());
        var grace = await SignInAsync(TestData.Ada(email: "grace@example.com") with { Subject = "777", GivenName = "Grace" });

        var moved = await SignInAsync(TestData.Ada() with { Subject = "777", GivenName = "Grace" });
        var adaAgain = await SignInAsync(TestData.Ada());

        moved.User.Id.Should().Be(grace.User.Id);
        moved.User.Email.Should().Be("ada@example.com");
        adaAgain.User.Id.Should().Be(ada.User.Id);
    }

    [Fact]
    public async Task Parallel_first_sign_in_that_loses_the_insert_signs_into_the_user_the_winner_created()
    {
        var ourCommand = SignInCommand(TestData.Ada());
        var theirCommand = SignInCommand(TestData.Ada());
        var otherRequest = new InMemoryStore(_store.Database);
        var competitor = CreateHandler(otherRequest);
        Guid winnerId = default;
        // The competing request commits its new user between our lookup and our save.
        _store.BeforeNextSave = () => winnerId = competitor.Handle(theirCommand, CancellationToken.None).AsTask().GetAwaiter().GetResult().User.Id;

        var issued = await _handler.Handle(ourCommand, CancellationToken.None);

        _store.Users.Should().ContainSingle().Which.Id.Should().Be(winnerId);
        issued.User.Id.Should().Be(winnerId);
        _store.Sessions.Should().HaveCount(2).And.OnlyContain(s => s.UserId == winnerId);
    }

    [Fact]
    public async Task Parallel_first_sign_in_that_finds_the_email_already_taken_by_the_winners_new_user_signs_into_that_user()
    {
        var ourCommand = SignInCommand(TestData.Ada());
        var theirCommand = SignInCommand(TestData.Ada());
        var competitor = CreateHandler(new InMemoryStore(_store.Database));
        Guid winnerId = default;
        // The competing request commits the new user after our lookup by subject found nobody, before our
        // lookup by email: the address's owner is then this very account, not another one.
        _store.BeforeNextEmailLookup = () => winnerId = competitor.Handle(theirCommand, CancellationToken.None).AsTask().GetAwaiter().GetResult().User.Id;

        var issued = await _handler.Handle(ourCommand, CancellationToken.None);

        issued.User.Id.Should().Be(winnerId);
        _store.Users.Should().ContainSingle().Which.Logins.Should().ContainSingle();
        _store.Sessions.Should().HaveCount(2).And.OnlyContain(s => s.UserId == winnerId);
    }

    [Fact]
    public async Task Command_and_result_never_print_their_secrets()
    {
        var command = SignInCommand(TestData.Ada());

        var issued = await _handler.Handle(command, CancellationToken.None);

        command.ToString().Should().NotContain(command.IdToken).And.NotContain(command.Nonce);
        issued.ToString().Should().NotContain(issued.SessionToken);
    }
}
