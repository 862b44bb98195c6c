using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Common;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Audit;

public sealed class SecurityEventRecorderTests
{
    private readonly SessionScenario _given = new();

    private SecurityEventRecorder Recorder(string? ipAddress = "198.51.100.4", string? userAgent = "Mozilla/5.0 Firefox/140.0") =>
        new(_given.Store, new FakeCurrentClient(ipAddress, userAgent), _given.Time);

    private Task RaiseAsync(SecurityEventType type, string? provider = null, SecurityEventRecorder? recorder = null) =>
        (recorder ?? Recorder()).Handle(new SecurityEventRaised(_given.User.Id, type, provider), CancellationToken.None).AsTask();

    [Fact]
    public async Task An_event_is_recorded_with_its_time_and_the_request_s_address_and_browser()
    {
        _given.Time.Advance(TimeSpan.FromMinutes(3));

        await RaiseAsync(SecurityEventType.LoginLinked, "acme");

        _given.Store.SecurityEvents.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            UserId = _given.User.Id,
            Type = SecurityEventType.LoginLinked,
            Provider = "acme",
            OccurredAt = TestData.Now.AddMinutes(3),
            IpAddress = "198.51.100.4",
            UserAgent = "Mozilla/5.0 Firefox/140.0",
        });
        _given.Store.SaveCount.Should().Be(0, "the handler that raised it saves it with what it records");
    }

    [Fact]
    public async Task Outside_a_request_the_address_and_browser_are_unknown()
    {
        await RaiseAsync(SecurityEventType.SignedOutEverywhere, recorder: Recorder(ipAddress: null, userAgent: null));

        _given.Store.SecurityEvents.Should().ContainSingle().Which.Should().BeEquivalentTo(new { IpAddress = (string?)null, UserAgent = (string?)null, Provider = (string?)null });
    }

    [Fact]
    public async Task An_over_long_browser_name_is_cut_to_what_is_stored()
    {
        await RaiseAsync(SecurityEventType.SignedIn, "google", Recorder(userAgent: new string('u', Limits.UserAgentLength + 100)));

        _given.Store.SecurityEvents.Single().UserAgent.Should().HaveLength(Limits.UserAgentLength);
    }

    [Fact]
    public async Task Every_event_of_the_person_s_own_is_recorded_however_often()
    {
        await RaiseAsync(SecurityEventType.SignedIn, "google");
        await RaiseAsync(SecurityEventType.SignedIn, "google");
        await RaiseAsync(SecurityEventType.SignedOut);

        _given.Store.SecurityEvents.Select(e => e.Type).Should().Equal(SecurityEventType.SignedIn, SecurityEventType.SignedIn, SecurityEventType.SignedOut);
    }

    [Theory]
    [InlineData(SecurityEventType.SignInRefusedEmailInUse)]
    [InlineData(SecurityEventType.SignInRefusedDisabled)]
    public async Task A_refused_sign_in_is_recorded_once_an_hour_for_each_provider(SecurityEventType refusal)
    {
        // TestData.Now is on the hour.
        await RaiseAsync(refusal, "acme");
        _given.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        await RaiseAsync(refusal, "acme");
        await RaiseAsync(refusal, "google");
        _given.Time.Advance(TimeSpan.FromTicks(1));
        await RaiseAsync(refusal, "acme");

        _given.Store.SecurityEvents.Select(e => (e.Provider, e.OccurredAt)).Should().Equal(
            ("acme", TestData.Now),
            ("google", TestData.Now.AddHours(1).AddTicks(-1)),
            ("acme", TestData.Now.AddHours(1)));
        _given.Store.SaveCount.Should().Be(0, "a refusal is recorded at once, with nothing else");
    }

    [Fact]
    public async Task Another_user_s_refusals_do_not_silence_this_user_s()
    {
        await Recorder().Handle(new SecurityEventRaised(_given.OtherUser.Id, SecurityEventType.SignInRefusedDisabled, "google"), CancellationToken.None);

        await RaiseAsync(SecurityEventType.SignInRefusedDisabled, "google");

        _given.Store.SecurityEvents.Select(e => e.UserId).Should().Equal(_given.OtherUser.Id, _given.User.Id);
    }
}
