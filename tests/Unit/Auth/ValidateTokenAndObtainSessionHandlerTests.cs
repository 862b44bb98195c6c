using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Mappings;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Unit.Fakes;
using MapsterMapper;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class ValidateTokenAndObtainSessionHandlerTests
{
    private readonly FakeIdentityTokenVerifier _verifier = new();
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly ValidateTokenAndObtainSessionHandler _handler;

    public ValidateTokenAndObtainSessionHandlerTests()
    {
        _handler = new ValidateTokenAndObtainSessionHandler(
            [_verifier], _store, _store, _store, new Mapper(MappingConfig.Create()), _time, TestData.SessionOptions());
    }

    private static ValidateTokenAndObtainSessionCommand Command(string token, string? nonce = null) =>
        new("google", token, nonce, "Mozilla/5.0 (Test)", "203.0.113.7");

    [Fact]
    public async Task First_sign_in_creates_the_user_from_the_verified_token_and_opens_a_session()
    {
        var token = _verifier.Accept(TestData.Ada());

        var issued = await _handler.Handle(Command(token), CancellationToken.None);

        var user = _store.Users.Should().ContainSingle().Subject;
        user.Issuer.Should().Be("https://accounts.google.com");
        user.Subject.Should().Be("110169484474386276334");
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

        // Only the hash is stored; the token itself goes to the cookie.
        SessionToken.TryParse(issued.SessionToken, out var sessionToken).Should().BeTrue();
        session.TokenHash.Should().Equal(sessionToken!.Hash());
        session.TokenHash.Should().NotEqual(System.Text.Encoding.ASCII.GetBytes(issued.SessionToken));
    }

    [Fact]
    public async Task Returning_user_is_found_by_issuer_and_subject_and_gets_a_new_session_each_time()
    {
        var token = _verifier.Accept(TestData.Ada());
        var first = await _handler.Handle(Command(token), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(3));

        var second = await _handler.Handle(Command(token), CancellationToken.None);

        _store.Users.Should().ContainSingle();
        second.User.Id.Should().Be(first.User.Id);
        second.SessionToken.Should().NotBe(first.SessionToken);
        _store.Sessions.Should().HaveCount(2);
        _store.Users[0].LastSignedInAt.Should().Be(TestData.Now.AddHours(3));
        _store.Users[0].CreatedAt.Should().Be(TestData.Now);
    }

    [Fact]
    public async Task Changed_email_and_name_on_a_known_subject_update_the_same_user()
    {
        var first = await _handler.Handle(Command(_verifier.Accept(TestData.Ada())), CancellationToken.None);
        var renamed = TestData.Ada(email: "ada.king@example.com") with { FamilyName = "King", PictureUrl = null };

        var second = await _handler.Handle(Command(_verifier.Accept(renamed)), CancellationToken.None);

        second.User.Id.Should().Be(first.User.Id);
        second.User.Email.Should().Be("ada.king@example.com");
        second.User.LastName.Should().Be("King");
        second.User.PictureUrl.Should().BeNull();
        _store.Users.Should().ContainSingle().Which.Email.Should().Be("ada.king@example.com");
    }

    [Fact]
    public async Task Same_email_under_another_subject_is_a_different_user_never_a_lookup_by_email()
    {
        var ada = await _handler.Handle(Command(_verifier.Accept(TestData.Ada())), CancellationToken.None);
        var impostor = TestData.Ada() with { Subject = "999" };

        var other = await _handler.Handle(Command(_verifier.Accept(impostor)), CancellationToken.None);

        other.User.Id.Should().NotBe(ada.User.Id);
        _store.Users.Should().HaveCount(2);
    }

    [Fact]
    public async Task Inactive_user_is_refused_and_gets_no_session()
    {
        var token = _verifier.Accept(TestData.Ada());
        await _handler.Handle(Command(token), CancellationToken.None);
        _store.Users[0].Deactivate();

        var act = () => _handler.Handle(Command(token), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<UserInactiveException>();
        _store.Sessions.Should().ContainSingle("only the session from before the account was disabled exists");
    }

    [Fact]
    public async Task Token_the_verifier_rejects_creates_nothing()
    {
        var act = () => _handler.Handle(Command("forged"), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>();
        _store.Users.Should().BeEmpty();
        _store.Sessions.Should().BeEmpty();
        _store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Nonce_sent_with_the_request_must_match_the_token()
    {
        var token = _verifier.Accept(TestData.Ada(nonce: "n-123"));

        var mismatch = () => _handler.Handle(Command(token, nonce: "n-456"), CancellationToken.None).AsTask();
        await mismatch.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "nonce_mismatch");

        var tokenWithoutNonce = _verifier.Accept(TestData.Ada());
        var missing = () => _handler.Handle(Command(tokenWithoutNonce, nonce: "n-123"), CancellationToken.None).AsTask();
        await missing.Should().ThrowAsync<IdentityTokenRejectedException>();

        var issued = await _handler.Handle(Command(token, nonce: "n-123"), CancellationToken.None);
        issued.User.Email.Should().Be("ada@example.com");
    }

    [Fact]
    public async Task Unknown_provider_is_refused_before_any_verification()
    {
        var act = () => _handler.Handle(new ValidateTokenAndObtainSessionCommand("facebook", "t", null, null, null), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<UnknownIdentityProviderException>();
        _verifier.Calls.Should().Be(0);
    }

    [Fact]
    public async Task Parallel_first_sign_in_that_loses_the_insert_signs_into_the_user_the_winner_created()
    {
        var token = _verifier.Accept(TestData.Ada());
        var otherRequest = new InMemoryStore(_store.Database);
        var competitor = new ValidateTokenAndObtainSessionHandler(
            [_verifier], otherRequest, otherRequest, otherRequest, new Mapper(MappingConfig.Create()), _time, TestData.SessionOptions());
        Guid winnerId = default;
        // The competing request commits its new user between our lookup and our save.
        _store.BeforeNextSave = () => winnerId = competitor.Handle(Command(token), CancellationToken.None).AsTask().GetAwaiter().GetResult().User.Id;

        var issued = await _handler.Handle(Command(token), CancellationToken.None);

        _store.Users.Should().ContainSingle().Which.Id.Should().Be(winnerId);
        issued.User.Id.Should().Be(winnerId);
        _store.Sessions.Should().HaveCount(2).And.OnlyContain(s => s.UserId == winnerId);
    }

    [Fact]
    public async Task Command_and_result_never_print_their_secrets()
    {
        var token = _verifier.Accept(TestData.Ada());
        var command = Command(token);

        var issued = await _handler.Handle(command, CancellationToken.None);

        command.ToString().Should().NotContain(token);
        issued.ToString().Should().NotContain(issued.SessionToken);
    }
}
