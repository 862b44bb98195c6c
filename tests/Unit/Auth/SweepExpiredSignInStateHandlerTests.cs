using GoogleLogin.Application.Audit;
using GoogleLogin.Application.Auth.SweepExpiredSignInState;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class SweepExpiredSignInStateHandlerTests
{
    private readonly SessionScenario _given = new();

    private Task<SignInStateSwept> SweepAsync() =>
        new SweepExpiredSignInStateHandler(_given.Store, _given.Store, _given.Store, _given.Store, _given.Store, _given.Time, TestData.SessionOptions(), Options.Create(new AuditOptions()))
            .Handle(new SweepExpiredSignInStateCommand(), CancellationToken.None).AsTask();

    [Fact]
    public async Task The_sweep_deletes_revoked_and_expired_sessions_expired_nonces_expired_redirect_states_and_expired_pending_links_and_nothing_usable()
    {
        _given.OpenSession(_given.User);
        _given.Store.UseNonce(_given.Time.GetUtcNow());
        _given.Time.Advance(TimeSpan.FromHours(24));
        _given.OpenSession(_given.User).Revoke(_given.Time.GetUtcNow());
        var active = _given.OpenSession(_given.User);
        var othersActive = _given.OpenSession(_given.OtherUser);
        var liveNonce = _given.Store.UseNonce(_given.Time.GetUtcNow());
        // Expired one lifetime ago: its use is kept that long, since clocks differ.
        var expiredState = AuthorizationState.Start("acme", TestData.NonceBinding, "nonce", "/", _given.Time.GetUtcNow() - (2 * AuthorizationState.Lifetime));
        var justExpiredState = AuthorizationState.Start("acme", TestData.NonceBinding, "nonce", "/", _given.Time.GetUtcNow() - AuthorizationState.Lifetime);
        var liveState = AuthorizationState.Start("acme", TestData.NonceBinding, "nonce", "/", _given.Time.GetUtcNow());
        _given.Store.UsedAuthorizationStates.AddRange([expiredState, justExpiredState, liveState]);
        var identity = new GoogleLogin.Domain.Users.ExternalIdentity("https://acme.example", "acme-7");
        var expiredLink = GoogleLogin.Domain.Users.PendingLink.Hold(active.Id, identity, "acme", null, false, _given.Time.GetUtcNow() - GoogleLogin.Domain.Users.PendingLink.Lifetime);
        var liveLink = GoogleLogin.Domain.Users.PendingLink.Hold(active.Id, identity, "acme", null, false, _given.Time.GetUtcNow());
        _given.Store.PendingLinks.AddRange([expiredLink, liveLink]);

        var swept = await SweepAsync();

        swept.Should().Be(new SignInStateSwept(Sessions: 2, Nonces: 1, AuthorizationStates: 1, PendingLinks: 1, SecurityEvents: 0));
        _given.Store.UsedAuthorizationStates.Should().Equal(justExpiredState, liveState);
        _given.Store.PendingLinks.Should().Equal(liveLink);
        _given.Store.Sessions.Should().BeEquivalentTo([active, othersActive]);
        _given.Store.Nonces.Should().ContainSingle().Which.Hash.Should().Equal(GoogleLogin.Domain.SignIn.SignInNonce.HashOf(liveNonce));
    }

    [Fact]
    public async Task A_used_nonce_s_record_outlives_its_expiry_by_one_lifetime_for_clocks_that_disagree()
    {
        _given.Store.UseNonce(_given.Time.GetUtcNow());
        _given.Time.Advance(2 * GoogleLogin.Domain.SignIn.SignInNonce.Lifetime - TimeSpan.FromSeconds(1));

        (await SweepAsync()).Nonces.Should().Be(0, "an instance whose clock is behind may still find it unexpired");
        _given.Time.Advance(TimeSpan.FromSeconds(1));
        (await SweepAsync()).Nonces.Should().Be(1);
    }

    [Fact]
    public async Task A_second_sweep_finds_nothing_left_to_delete()
    {
        _given.OpenSession(_given.User).Revoke(_given.Time.GetUtcNow());
        await SweepAsync();

        (await SweepAsync()).Should().Be(new SignInStateSwept(0, 0, 0, 0, 0));
    }

    [Fact]
    public async Task Security_events_are_kept_for_the_retention_and_deleted_after_it()
    {
        var old = SecurityEvent.Record(_given.User.Id, SecurityEventType.SignedIn, "google", _given.Time.GetUtcNow(), null, null);
        _given.Time.Advance(TimeSpan.FromDays(1));
        var recent = SecurityEvent.Record(_given.User.Id, SecurityEventType.SignedOut, null, _given.Time.GetUtcNow(), null, null);
        _given.Store.SecurityEvents.AddRange([old, recent]);

        _given.Time.Advance(new AuditOptions().Retention - TimeSpan.FromDays(1));
        (await SweepAsync()).SecurityEvents.Should().Be(0, "the oldest is exactly as old as the retention");
        _given.Time.Advance(TimeSpan.FromSeconds(1));

        (await SweepAsync()).SecurityEvents.Should().Be(1);
        _given.Store.SecurityEvents.Should().Equal(recent);
    }
}
