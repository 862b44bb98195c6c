using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class RevokeSessionHandlerTests
{
    private readonly SessionScenario _given = new();
    private readonly RecordingPublisher _publisher = new();
    private readonly RevokeSessionHandler _handler;

    public RevokeSessionHandlerTests() => _handler = new RevokeSessionHandler(_given.Store, _given.Store, _publisher, _given.Time);

    [Fact]
    public async Task Revoking_marks_the_session_revoked_and_saves()
    {
        var session = _given.OpenSession(_given.User);
        _given.Time.Advance(TimeSpan.FromMinutes(5));

        var current = _given.OpenSession(_given.User);

        await _handler.Handle(new RevokeSessionCommand(_given.User.Id, session.Id, current.Id), CancellationToken.None);

        session.RevokedAt.Should().Be(_given.Time.GetUtcNow());
        session.IsActiveAt(_given.Time.GetUtcNow(), SessionScenario.Lifetime).Should().BeFalse();
        _given.Store.SaveCount.Should().Be(1);
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.SessionRevoked));
    }

    [Fact]
    public async Task Revoking_the_session_the_request_came_with_is_signing_out()
    {
        var current = _given.OpenSession(_given.User);

        await _handler.Handle(new RevokeSessionCommand(_given.User.Id, current.Id, current.Id), CancellationToken.None);

        current.IsRevoked.Should().BeTrue();
        _publisher.Published.Should().Equal(new SecurityEventRaised(_given.User.Id, SecurityEventType.SignedOut));
    }

    [Fact]
    public async Task Revoking_an_unknown_session_or_someone_elses_is_not_found()
    {
        var othersSession = _given.OpenSession(_given.OtherUser);

        var unknown = () => _handler.Handle(new RevokeSessionCommand(_given.User.Id, Guid.NewGuid(), Guid.NewGuid()), CancellationToken.None).AsTask();
        var notMine = () => _handler.Handle(new RevokeSessionCommand(_given.User.Id, othersSession.Id, Guid.NewGuid()), CancellationToken.None).AsTask();

        await unknown.Should().ThrowAsync<NotFoundException>();
        await notMine.Should().ThrowAsync<NotFoundException>();
        othersSession.IsRevoked.Should().BeFalse();
        _publisher.Published.Should().BeEmpty();
    }
}
