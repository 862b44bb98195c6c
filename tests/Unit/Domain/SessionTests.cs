using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class SessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionLifetime Lifetime = new(absolute: TimeSpan.FromDays(14), idleTimeout: TimeSpan.FromHours(24));
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static Session Open(SessionLifetime? lifetime = null, string? userAgent = "Mozilla/5.0", string? ipAddress = "203.0.113.9") =>
        Session.Open(Guid.NewGuid(), Guid.NewGuid(), SessionToken.New(), lifetime ?? Lifetime, Now, userAgent, ipAddress);

    [Fact]
    public void A_session_is_opened_for_its_absolute_lifetime_and_stores_only_its_token_s_hash()
    {
        var userId = Guid.NewGuid();
        var loginId = Guid.NewGuid();
        var token = SessionToken.New();

        var session = Session.Open(userId, loginId, token, Lifetime, Now, "Mozilla/5.0", "203.0.113.9");

        session.Should().BeEquivalentTo(new
        {
            UserId = userId,
            LoginId = loginId,
            CreatedAt = Now,
            LastSeenAt = Now,
            ExpiresAt = Now + Lifetime.Absolute,
            RevokedAt = (DateTimeOffset?)null,
            IsRevoked = false,
            UserAgent = "Mozilla/5.0",
            IpAddress = "203.0.113.9",
        });
        session.TokenHash.Should().Equal(token.Hash());
        session.Id.Should().NotBe(Guid.Empty);
        session.IsActiveAt(Now, Lifetime).Should().BeTrue();
    }

    [Fact]
    public void Each_session_has_an_id_of_its_own_even_when_opened_at_the_same_moment()
    {
        var first = Open();
        var second = Open();

        second.Id.Should().NotBe(first.Id);
        second.TokenHash.Should().NotEqual(first.TokenHash);
    }

    [Fact]
    public void Over_long_browser_names_and_addresses_are_cut_to_what_is_stored()
    {
        var session = Open(userAgent: new string('u', Limits.UserAgentLength + 1), ipAddress: new string('1', Limits.IpAddressLength + 1));

        session.UserAgent.Should().HaveLength(Limits.UserAgentLength);
        session.IpAddress.Should().HaveLength(Limits.IpAddressLength);
    }

    [Fact]
    public void An_unused_session_ends_at_the_idle_timeout()
    {
        var session = Open();

        session.IsActiveAt(Now + Lifetime.IdleTimeout - Tick, Lifetime).Should().BeTrue();
        session.IsActiveAt(Now + Lifetime.IdleTimeout, Lifetime).Should().BeFalse();
    }

    [Fact]
    public void Using_a_session_keeps_it_from_going_idle()
    {
        var session = Open();
        var used = Now + TimeSpan.FromHours(20);

        session.Touch(used, Lifetime).Should().BeTrue();

        session.LastSeenAt.Should().Be(used);
        session.IsActiveAt(used + Lifetime.IdleTimeout - Tick, Lifetime).Should().BeTrue();
        session.IsActiveAt(used + Lifetime.IdleTimeout, Lifetime).Should().BeFalse();
    }

    [Fact]
    public void A_session_used_every_hour_still_ends_at_its_absolute_lifetime()
    {
        var session = Open();
        for (var at = Now; at < session.ExpiresAt; at += TimeSpan.FromHours(1))
        {
            session.Touch(at, Lifetime);
        }

        session.LastSeenAt.Should().Be(session.ExpiresAt - TimeSpan.FromHours(1));
        session.IsActiveAt(session.ExpiresAt - Tick, Lifetime).Should().BeTrue();
        session.IsActiveAt(session.ExpiresAt, Lifetime).Should().BeFalse();
    }

    [Fact]
    public void A_use_is_recorded_only_once_a_touch_interval_has_passed()
    {
        var session = Open();

        session.IsTouchDueAt(Now + Lifetime.TouchInterval - Tick, Lifetime).Should().BeFalse();
        session.Touch(Now + Lifetime.TouchInterval - Tick, Lifetime).Should().BeFalse();
        session.LastSeenAt.Should().Be(Now);
        session.IsTouchDueAt(Now + Lifetime.TouchInterval, Lifetime).Should().BeTrue();
        session.Touch(Now + Lifetime.TouchInterval, Lifetime).Should().BeTrue();
        session.LastSeenAt.Should().Be(Now + Lifetime.TouchInterval);
    }

    [Fact]
    public void A_revoked_session_ends_at_once_and_revoking_it_again_changes_nothing()
    {
        var session = Open();
        var revokedAt = Now + TimeSpan.FromMinutes(5);

        session.Revoke(revokedAt).Should().BeTrue();
        var again = session.Revoke(revokedAt + TimeSpan.FromMinutes(1));

        again.Should().BeFalse();
        session.RevokedAt.Should().Be(revokedAt);
        session.IsRevoked.Should().BeTrue();
        session.IsActiveAt(revokedAt, Lifetime).Should().BeFalse();
        session.IsActiveAt(Now, Lifetime).Should().BeFalse("a revoked session is over whenever it is asked about");
    }

    [Fact]
    public void A_used_revoked_session_stays_ended()
    {
        var session = Open();
        session.Revoke(Now);

        session.Touch(Now + TimeSpan.FromHours(1), Lifetime);

        session.IsActiveAt(Now + TimeSpan.FromHours(1), Lifetime).Should().BeFalse();
    }

    [Fact]
    public void A_shorter_idle_timeout_set_later_applies_to_sessions_already_open()
    {
        var session = Open();
        var stricter = new SessionLifetime(Lifetime.Absolute, TimeSpan.FromHours(1));

        session.IsActiveAt(Now + TimeSpan.FromHours(1), stricter).Should().BeFalse();
        session.IsActiveAt(Now + TimeSpan.FromHours(1), Lifetime).Should().BeTrue();
    }

    [Theory]
    [InlineData(24 * 60, 60)]
    [InlineData(20, 60)]
    [InlineData(10, 30)]
    [InlineData(1, 3)]
    public void The_touch_interval_is_a_twentieth_of_the_idle_timeout_at_most_a_minute(int idleMinutes, int intervalSeconds) =>
        new SessionLifetime(TimeSpan.FromDays(1), TimeSpan.FromMinutes(idleMinutes)).TouchInterval.Should().Be(TimeSpan.FromSeconds(intervalSeconds));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, 1)]
    public void A_lifetime_must_be_positive(int absoluteMinutes, int idleMinutes)
    {
        var create = () => new SessionLifetime(TimeSpan.FromMinutes(absoluteMinutes), TimeSpan.FromMinutes(idleMinutes));

        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
