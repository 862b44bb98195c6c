using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoogleLogin.Tests.Unit.Auth;

/// <summary>Signing in keeps a user's active sessions within <c>Auth:Sessions:MaxPerUser</c>.</summary>
public sealed class SessionsPerUserLimitTests
{
    private readonly SessionScenario _given = new();
    private readonly FakeIdentityTokenVerifier _verifier = new();

    private async Task<Session> SignInAsync(int maxPerUser)
    {
        var handler = new ValidateTokenAndObtainSessionHandler(
            [_verifier],
            _given.Store,
            _given.Store,
            _given.Store,
            TestData.NonceCheck(_given.Store, _given.Time),
            TestData.UserInfo(),
            _given.Store,
            new RecordingPublisher(),
            TestData.Mapper,
            _given.Time,
            TestData.SessionOptions(maxPerUser: maxPerUser),
            NullLogger<ValidateTokenAndObtainSessionHandler>.Instance);
        var nonce = _given.Store.IssueNonce(_given.Time.GetUtcNow());
        var token = _verifier.Accept(TestData.Ada(email: "a@example.com", nonce: nonce) with { Subject = "1" });
        var issued = await handler.Handle(new ValidateTokenAndObtainSessionCommand("google", token, nonce, TestData.NonceBinding, null, null, null), CancellationToken.None);
        _given.Time.Advance(TimeSpan.FromSeconds(1));
        return _given.Store.Sessions.Single(s => s.TokenHash.AsSpan().SequenceEqual(RandomToken.Hash(issued.SessionToken)));
    }

    [Fact]
    public async Task Opening_one_session_more_than_the_limit_revokes_the_users_oldest_active_session()
    {
        var oldest = _given.OpenSession(_given.User);
        var second = _given.OpenSession(_given.User);
        var othersOldest = _given.OpenSession(_given.OtherUser);
        var third = await SignInAsync(maxPerUser: 3);
        oldest.IsRevoked.Should().BeFalse("three sessions are within a limit of three");

        var fourth = await SignInAsync(maxPerUser: 3);

        oldest.IsRevoked.Should().BeTrue();
        new[] { second, third, fourth, othersOldest }.Should().OnlyContain(s => !s.IsRevoked);
        _given.Store.SaveCount.Should().Be(2, "the oldest session is revoked in the same save that opens the new one");
    }

    [Fact]
    public async Task Expired_and_revoked_sessions_do_not_count_towards_the_limit()
    {
        var expired = _given.OpenSession(_given.User);
        _given.Time.Advance(TimeSpan.FromHours(25));
        var revoked = _given.OpenSession(_given.User);
        revoked.Revoke(_given.Time.GetUtcNow());
        var active = _given.OpenSession(_given.User);

        await SignInAsync(maxPerUser: 2);

        active.IsRevoked.Should().BeFalse();
        expired.IsRevoked.Should().BeFalse("an expired session is left to the sweep, not revoked again");
    }

    [Fact]
    public async Task With_a_limit_lowered_below_the_sessions_a_user_has_every_session_beyond_it_is_revoked()
    {
        var sessions = new[] { _given.OpenSession(_given.User), _given.OpenSession(_given.User), _given.OpenSession(_given.User) };

        var newest = await SignInAsync(maxPerUser: 2);

        sessions.Select(s => s.IsRevoked).Should().Equal(true, true, false);
        newest.IsRevoked.Should().BeFalse();
    }
}
