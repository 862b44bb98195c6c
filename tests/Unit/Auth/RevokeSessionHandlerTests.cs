using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class RevokeSessionHandlerTests
{
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);

    [Fact]
    public async Task Revoking_marks_the_session_revoked_and_saves()
    {
        var session = Session.Open(Guid.NewGuid(), SessionToken.New(), TestData.SessionOptions().Value.ToLifetime(), TestData.Now, null, null);
        _store.Sessions.Add(session);
        _time.Advance(TimeSpan.FromMinutes(5));

        await new RevokeSessionHandler(_store, _store, _time).Handle(new RevokeSessionCommand(session.Id), CancellationToken.None);

        session.RevokedAt.Should().Be(TestData.Now.AddMinutes(5));
        session.IsActiveAt(_time.GetUtcNow(), TestData.SessionOptions().Value.ToLifetime()).Should().BeFalse();
        _store.SaveCount.Should().Be(1);
    }

    [Fact]
    public async Task Revoking_an_unknown_session_is_not_found()
    {
        var act = () => new RevokeSessionHandler(_store, _store, _time).Handle(new RevokeSessionCommand(Guid.NewGuid()), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<NotFoundException>();
    }
}
