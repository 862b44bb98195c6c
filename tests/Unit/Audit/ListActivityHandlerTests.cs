using GoogleLogin.Application.Audit.ListActivity;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Audit;

/// <summary>
/// The handler over the repository port's contract (the in-memory store keeps it; the SQL that keeps it is
/// tested against a database in SecurityEventRepositoryTests).
/// </summary>
public sealed class ListActivityHandlerTests
{
    private readonly SessionScenario _given = new();
    private readonly ListActivityHandler _handler;

    public ListActivityHandlerTests() => _handler = new ListActivityHandler(
        _given.Store,
        [new FakeIdentityTokenVerifier("google"), new FakeIdentityTokenVerifier("acme") { Policy = new("Acme", RequireNonce: true) }]);

    private void Record(Guid userId, SecurityEventType type, string? provider = null, string? accountEmail = null)
    {
        ((ISecurityEventRepository)_given.Store).Add(
            SecurityEvent.Record(userId, type, provider, _given.Time.GetUtcNow(), "203.0.113.5", "Firefox/140.0", accountEmail));
        _given.Time.Advance(TimeSpan.FromMinutes(1));
    }

    private Task<IReadOnlyList<SecurityEventDto>> ListAsync(Guid userId, int limit = ListActivityQuery.DefaultLimit, long? before = null) =>
        _handler.Handle(new ListActivityQuery(userId, limit, before), CancellationToken.None).AsTask();

    [Fact]
    public async Task The_user_s_events_come_newest_first_a_page_at_a_time_and_never_another_user_s()
    {
        Record(_given.User.Id, SecurityEventType.SignedIn, "google");
        Record(_given.OtherUser.Id, SecurityEventType.SignedIn, "google");
        Record(_given.User.Id, SecurityEventType.LoginLinked, "acme");
        Record(_given.OtherUser.Id, SecurityEventType.SignedOut);
        Record(_given.User.Id, SecurityEventType.SessionRevoked);
        Record(_given.User.Id, SecurityEventType.SignedOut);

        var first = await ListAsync(_given.User.Id, limit: 2);
        var second = await ListAsync(_given.User.Id, limit: 2, before: first[^1].Id);
        var last = await ListAsync(_given.User.Id, limit: 2, before: second[^1].Id);

        first.Select(e => e.Type).Should().Equal(SecurityEventType.SignedOut, SecurityEventType.SessionRevoked);
        second.Select(e => e.Type).Should().Equal(SecurityEventType.LoginLinked, SecurityEventType.SignedIn);
        last.Should().BeEmpty();
        _given.Store.ActivityPagesRead.Should().Equal(
            (_given.User.Id, 2, (long?)null), (_given.User.Id, 2, first[^1].Id), (_given.User.Id, 2, second[^1].Id));
    }

    [Fact]
    public async Task An_event_shows_when_where_and_with_which_provider_and_account_it_happened()
    {
        Record(_given.User.Id, SecurityEventType.LoginLinked, "acme", "ada@acme.example");
        var recorded = _given.Store.SecurityEvents.Single();

        var shown = await ListAsync(_given.User.Id);

        shown.Should().Equal(new SecurityEventDto(
            recorded.Id, TestData.Now, SecurityEventType.LoginLinked, "acme", "Acme", "ada@acme.example", "203.0.113.5", "Firefox/140.0"));
    }

    [Fact]
    public async Task A_provider_is_named_as_people_know_it_or_by_its_route_name_once_removed_and_a_session_event_has_none()
    {
        Record(_given.User.Id, SecurityEventType.SignedIn, "google");
        Record(_given.User.Id, SecurityEventType.LoginUnlinked, "retired");
        Record(_given.User.Id, SecurityEventType.SignedOut);

        var shown = await ListAsync(_given.User.Id);

        shown.Select(e => (e.Provider, e.ProviderDisplayName)).Should().Equal(
            ((string?)null, (string?)null), ("retired", "retired"), ("google", "Google"));
    }

    [Fact]
    public async Task A_user_without_events_gets_an_empty_page()
    {
        Record(_given.OtherUser.Id, SecurityEventType.SignedIn, "google");

        var shown = await ListAsync(_given.User.Id);

        shown.Should().BeEmpty();
    }
}
