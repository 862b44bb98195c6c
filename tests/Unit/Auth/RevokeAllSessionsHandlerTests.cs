using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.RevokeAllSessions;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class RevokeAllSessionsHandlerTests
{
    private readonly SessionScenario _given = new();
    private readonly RecordingPublisher _publisher = new();

    [Fact]
    public async Task Revoking_all_ends_every_session_of_the_user_and_no_one_elses()
    {
        var a = _given.OpenSession(_given.User);
        var b = _given.OpenSession(_given.User);
        var others = _given.OpenSession(_given.OtherUser);

        var count = await new RevokeAllSessionsHandler(_given.Store, _given.Store, _publisher, _given.Time, TestData.SessionOptions())
            .Handle(new RevokeAllSessionsCommand(_given.User.Id), CancellationToken.None);

        count.Should().Be(2);
        a.IsRevoked.Should().BeTrue();
        b.IsRevoked.Should().BeTrue();
        others.IsRevoked.Should().BeFalse();
        _given.Store.SaveCount.Should().Be(1);
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.SignedOutEverywhere));
    }

    [Fact]
    public async Task Revoking_all_but_one_keeps_that_session_only()
    {
        var kept = _given.OpenSession(_given.User);
        var other = _given.OpenSession(_given.User);

        var count = await new RevokeAllSessionsHandler(_given.Store, _given.Store, _publisher, _given.Time, TestData.SessionOptions())
            .Handle(new RevokeAllSessionsCommand(_given.User.Id, KeepSessionId: kept.Id), CancellationToken.None);

        count.Should().Be(1);
        kept.IsRevoked.Should().BeFalse();
        other.IsRevoked.Should().BeTrue();
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.SignedOutElsewhere));
    }
}
