using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class AuthenticateSessionHandlerTests
{
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly AuthenticateSessionHandler _handler;

    public AuthenticateSessionHandlerTests()
    {
        var options = TestData.SessionOptions(absolute: TimeSpan.FromDays(14), idle: TimeSpan.FromHours(24));
        _handler = new AuthenticateSessionHandler(_store, new AuthenticatedSessionCache(options, _time), _time, options);
    }

    private async Task<SessionIssued> SignInAsync()
    {
        var verifier = new FakeIdentityTokenVerifier();
        var signIn = new ValidateTokenAndObtainSessionHandler(
            [verifier], _store, _store, _store, TestData.NonceCheck(_store, _time), TestData.UserInfo(), _store, new RecordingPublisher(), TestData.Mapper, _time, TestData.SessionOptions(),
            NullLogger<ValidateTokenAndObtainSessionHandler>.Instance);
        var nonce = _store.IssueNonce(_time.GetUtcNow());
        return await signIn.Handle(new("google", verifier.Accept(TestData.Ada(nonce: nonce)), nonce, TestData.NonceBinding, null, null, null), CancellationToken.None);
    }

    private Task<AuthenticatedSession?> AuthenticateAsync(string sessionToken) =>
        _handler.Handle(new AuthenticateSessionQuery(sessionToken), CancellationToken.None).AsTask();

    private async Task<bool> WorksAfterAsync(TimeSpan wait, string sessionToken)
    {
        _time.Advance(wait);
        return await AuthenticateAsync(sessionToken) is not null;
    }

    [Fact]
    public async Task A_fresh_session_resolves_to_its_user()
    {
        var issued = await SignInAsync();

        var session = await AuthenticateAsync(issued.SessionToken);

        session.Should().NotBeNull();
        session!.UserId.Should().Be(issued.User.Id);
        session.SessionId.Should().Be(_store.Sessions.Single().Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-session-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_or_malformed_tokens_resolve_to_nothing(string token) =>
        (await AuthenticateAsync(token)).Should().BeNull();

    [Fact]
    public async Task A_revoked_session_resolves_to_nothing()
    {
        var issued = await SignInAsync();
        _store.Sessions.Single().Revoke(_time.GetUtcNow());

        (await AuthenticateAsync(issued.SessionToken)).Should().BeNull();
    }

    [Fact]
    public async Task A_session_unused_for_longer_than_the_idle_timeout_ends()
    {
        var issued = await SignInAsync();

        // Use at 23 h moves the idle deadline; 24 h after the last use the session ends.
        (await WorksAfterAsync(TimeSpan.FromHours(23), issued.SessionToken)).Should().BeTrue();
        (await WorksAfterAsync(TimeSpan.FromHours(23), issued.SessionToken)).Should().BeTrue();
        (await WorksAfterAsync(TimeSpan.FromHours(24), issued.SessionToken)).Should().BeFalse();
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_lifetime_however_active()
    {
        var issued = await SignInAsync();
        var signedInAt = _time.GetUtcNow();
        while (_time.GetUtcNow() + TimeSpan.FromHours(20) < signedInAt.AddDays(14))
        {
            (await WorksAfterAsync(TimeSpan.FromHours(20), issued.SessionToken)).Should().BeTrue();
        }

        _time.SetUtcNow(signedInAt.AddDays(14));
        (await AuthenticateAsync(issued.SessionToken)).Should().BeNull();
    }

    [Fact]
    public async Task A_disabled_users_sessions_stop_working()
    {
        var issued = await SignInAsync();
        _store.Users.Single().Deactivate();

        (await AuthenticateAsync(issued.SessionToken)).Should().BeNull();
    }

    [Fact]
    public async Task Last_seen_is_saved_at_most_once_a_minute()
    {
        var issued = await SignInAsync();

        _time.Advance(TimeSpan.FromSeconds(10));
        await AuthenticateAsync(issued.SessionToken);
        _store.RecordedUses.Should().Be(0);

        _time.Advance(TimeSpan.FromMinutes(1));
        await AuthenticateAsync(issued.SessionToken);
        _store.RecordedUses.Should().Be(1);
        _store.Sessions.Single().LastSeenAt.Should().Be(_time.GetUtcNow());
    }
}
