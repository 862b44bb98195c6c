using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class RevokeSessionHandlerTests
{
    private readonly SessionScenario _given = new();
    private readonly RevokeSessionHandler _handler;

    public RevokeSessionHandlerTests() => _handler = new RevokeSessionHandler(_given.Store, _given.Store, _given.Time);

    [Fact]
    public async Task Revoking_marks_the_session_revoked_and_saves()
    {
        var session = _given.OpenSession(_given.User);
        _given.Time.Advance(TimeSpan.FromMinutes(5));

        await _handler.Handle(new RevokeSessionCommand(_given.User.Id, session.Id), CancellationToken.None);

        session.RevokedAt.Should().Be(_given.Time.GetUtcNow());
        session.IsActiveAt(_given.Time.GetUtcNow(), SessionScenario.Lifetime).Should().BeFalse();
        _given.Store.SaveCount.Should().Be(1);
    }

    [Fact]
    public async Task Revoking_an_unknown_session_or_someone_elses_is_not_found()
    {
        var othersSession = _given.OpenSession(_given.OtherUser);

        var unknown = () => _handler.Handle(new RevokeSessionCommand(_given.User.Id, Guid.NewGuid()), CancellationToken.None).AsTask();
        var notMine = () => _handler.Handle(new RevokeSessionCommand(_given.User.Id, othersSession.Id), CancellationToken.None).AsTask();

        await unknown.Should().ThrowAsync<NotFoundException>();
        await notMine.Should().ThrowAsync<NotFoundException>();
        othersSession.IsRevoked.Should().BeFalse();
    }
}
