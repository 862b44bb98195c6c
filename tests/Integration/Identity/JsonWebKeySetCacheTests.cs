using System.Net;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Infrastructure.Identity.Keys;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>Key caching and rotation against a real key server that the tests rotate, break and slow down.</summary>
public sealed class JsonWebKeySetCacheTests
{
    /// <summary>Long enough for a first fetch on a busy machine; a hanging key server is slower still.</summary>
    private static readonly TimeSpan HangingFetchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The default, written out: a rotation must be used within seconds without anyone setting it.</summary>
    private static readonly TimeSpan DefaultUnknownKeyRefreshInterval = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private Task<VerifierFixture> StartAsync(JsonWebKeySetOptions? options = null) =>
        VerifierFixture.StartAsync(options, _time);

    /// <summary>A fixture whose cache already holds the published key set, fetched once (served with <paramref name="cacheControl"/> when given).</summary>
    private async Task<VerifierFixture> StartWithKeysCachedAsync(JsonWebKeySetOptions? options = null, string? cacheControl = null)
    {
        var fixture = await StartAsync(options);
        try
        {
            if (cacheControl is not null)
            {
                fixture.KeyServer.CacheControl = cacheControl;
            }

            await fixture.VerifyFreshTokenAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Verifying_many_tokens_fetches_the_key_set_once()
    {
        await using var fixture = await StartAsync();

        for (var i = 0; i < 20; i++)
        {
            await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload(subject: $"user-{i}")), CancellationToken.None);
        }

        fixture.KeyServer.RequestCount.Should().Be(1);
    }

    [Fact]
    public async Task A_rotated_in_key_is_fetched_when_a_token_first_names_it()
    {
        await using var fixture = await StartWithKeysCachedAsync();
        using var newKey = new TestSigningKey();
        fixture.KeyServer.Publish(fixture.GoogleKey, newKey);

        var identity = await fixture.VerifyFreshTokenAsync(signedBy: newKey);

        identity.Subject.Should().NotBeEmpty();
        fixture.KeyServer.RequestCount.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_tokens_with_an_unknown_kid_share_one_refresh()
    {
        await using var fixture = await StartWithKeysCachedAsync(new JsonWebKeySetOptions { UnknownKeyRefreshInterval = TimeSpan.Zero });
        fixture.KeyServer.Delay = TimeSpan.FromMilliseconds(300);
        using var unknownKey = new TestSigningKey();

        var attempts = Enumerable.Range(0, 25).Select(_ => Task.Run(async () =>
        {
            try
            {
                await fixture.VerifyFreshTokenAsync(signedBy: unknownKey);
            }
            catch (IdentityTokenRejectedException)
            {
            }
        }));
        await Task.WhenAll(attempts);

        fixture.KeyServer.RequestCount.Should().BeLessThanOrEqualTo(3, "one initial fetch, then refreshes that never overlap");
        fixture.KeyServer.RequestCount.Should().BeGreaterThanOrEqualTo(2);
        fixture.KeyServer.MaxConcurrentRequests.Should().Be(1);
    }

    [Fact]
    public async Task Unknown_kids_refresh_the_key_set_at_most_once_per_interval()
    {
        var interval = DefaultUnknownKeyRefreshInterval;
        await using var fixture = await StartWithKeysCachedAsync();

        for (var i = 0; i < 10; i++)
        {
            var act = () => fixture.Verifier.VerifyAsync(TokenWithMadeUpKid(fixture), CancellationToken.None);
            await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "unknown_kid");
            _time.Advance(interval / 20);
        }

        fixture.KeyServer.RequestCount.Should().Be(2, "one fetch for the first, none for the others within the interval");

        _time.Advance(interval / 2);
        var again = () => fixture.Verifier.VerifyAsync(TokenWithMadeUpKid(fixture), CancellationToken.None);
        await again.Should().ThrowAsync<IdentityTokenRejectedException>();
        fixture.KeyServer.RequestCount.Should().Be(3);
    }

    /// <summary>A token signed by the published key under a kid nobody publishes, as one floods with: no key to make.</summary>
    private static string TokenWithMadeUpKid(VerifierFixture fixture) =>
        fixture.GoogleKey.Sign(GoogleTokens.Payload(), new System.Text.Json.Nodes.JsonObject { ["alg"] = "RS256", ["kid"] = Guid.NewGuid().ToString("N") });

    [Fact]
    public async Task A_key_rotated_in_during_a_flood_of_made_up_kids_is_used_after_the_refresh_interval_with_one_fetch_at_a_time()
    {
        var interval = DefaultUnknownKeyRefreshInterval;
        await using var fixture = await StartWithKeysCachedAsync();
        fixture.KeyServer.Delay = TimeSpan.FromMilliseconds(50);
        using var flooding = new CancellationTokenSource();
        var forged = 0;
        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!flooding.IsCancellationRequested)
            {
                var act = () => fixture.Verifier.VerifyAsync(TokenWithMadeUpKid(fixture), CancellationToken.None);
                await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "unknown_kid");
                Interlocked.Increment(ref forged);

                // A refusal completes without waiting: yield, or the flood would starve the key server in this process of threads.
                await Task.Yield();
            }
        })).ToList();

        try
        {
            // The flood's first refresh, and then hundreds of forged tokens, none of which costs another.
            await WaitUntilAsync(() => fixture.KeyServer.RequestCount == 2 && Volatile.Read(ref forged) >= 200);
            using var rotatedIn = new TestSigningKey();
            fixture.KeyServer.Publish(fixture.GoogleKey, rotatedIn);
            var tooSoon = () => fixture.VerifyFreshTokenAsync(signedBy: rotatedIn);
            await tooSoon.Should().ThrowAsync<IdentityTokenRejectedException>("within the interval the set is not fetched again, not even for a real key");

            // Once the interval has passed, one fetch (the flood's, or this token's own, which the other joins) brings the key in.
            _time.Advance(interval);
            var identity = await fixture.VerifyFreshTokenAsync(signedBy: rotatedIn);

            identity.Subject.Should().NotBeEmpty();
            var forgedBefore = Volatile.Read(ref forged);
            await WaitUntilAsync(() => Volatile.Read(ref forged) >= forgedBefore + 200);
            fixture.KeyServer.RequestCount.Should().Be(3, "one fetch per interval, however many forged kids");
        }
        finally
        {
            await flooding.CancelAsync();
            await Task.WhenAll(flood);
        }

        fixture.KeyServer.MaxConcurrentRequests.Should().Be(1);
    }

    [Fact]
    public async Task With_no_keys_a_key_server_back_from_an_outage_is_used_after_the_failure_retry_wait_and_callers_meanwhile_get_503_at_once()
    {
        await using var fixture = await StartAsync();
        fixture.KeyServer.FailWith = HttpStatusCode.ServiceUnavailable;

        var down = () => fixture.VerifyFreshTokenAsync();
        (await down.Should().ThrowAsync<IdentityProviderUnavailableException>()).Which.Unreadable.Should().Be(ProviderResource.SigningKeys);
        fixture.KeyServer.Delay = TimeSpan.FromMinutes(5);
        var meanwhile = Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await down.Should().ThrowAsync<IdentityProviderUnavailableException>()));
        await Task.WhenAll(meanwhile).WaitAsync(TimeSpan.FromSeconds(20));
        fixture.KeyServer.RequestCount.Should().Be(1, "the failure is shared until the retry wait has passed: nobody waits on the key server");

        // The defaults of Auth:Keys:FailureRetryMin and FailureRetryMax: asked again after 1 s, 2 s, 4 s, then every 5 s.
        fixture.KeyServer.Delay = TimeSpan.Zero;
        foreach (var wait in new[] { 1, 2, 4 })
        {
            _time.Advance(TimeSpan.FromSeconds(wait));
            await down.Should().ThrowAsync<IdentityProviderUnavailableException>();
        }

        fixture.KeyServer.RequestCount.Should().Be(4);
        fixture.KeyServer.FailWith = null;
        _time.Advance(TimeSpan.FromSeconds(5));

        (await fixture.VerifyFreshTokenAsync()).Subject.Should().NotBeEmpty();
        fixture.KeyServer.RequestCount.Should().Be(5);
    }

    /// <summary>Polls <paramref name="condition"/> (state, not time) for at most 30 seconds.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited++)
        {
            waited.Should().BeLessThan(3000, "the condition should have been met");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task The_key_set_is_refetched_when_its_max_age_runs_out()
    {
        await using var fixture = await StartWithKeysCachedAsync(cacheControl: "public, max-age=600, must-revalidate, no-transform");

        // Before 80% of the max-age, when background renewal would start and race this assertion.
        _time.Advance(TimeSpan.FromSeconds(470));
        await fixture.VerifyFreshTokenAsync();
        fixture.KeyServer.RequestCount.Should().Be(1);

        _time.Advance(TimeSpan.FromSeconds(140));
        await fixture.VerifyFreshTokenAsync();
        fixture.KeyServer.RequestCount.Should().Be(2);
    }

    [Fact]
    public async Task A_key_removed_by_the_provider_stops_working_once_the_cache_expires()
    {
        await using var fixture = await StartWithKeysCachedAsync(cacheControl: "max-age=60");
        using var replacement = new TestSigningKey();
        fixture.KeyServer.Publish(replacement);

        _time.Advance(TimeSpan.FromSeconds(61));
        var act = () => fixture.VerifyFreshTokenAsync();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "unknown_kid");
    }

    [Fact]
    public async Task Cached_keys_keep_working_while_the_key_server_fails()
    {
        await using var fixture = await StartWithKeysCachedAsync(cacheControl: "max-age=60");
        fixture.KeyServer.FailWith = HttpStatusCode.InternalServerError;
        _time.Advance(TimeSpan.FromMinutes(5));

        var identity = await fixture.VerifyFreshTokenAsync();
        await fixture.VerifyFreshTokenAsync();

        identity.Subject.Should().NotBeEmpty();
        fixture.KeyServer.RequestCount.Should().Be(2, "after a failed refresh the stale keys are used without asking again at once");
    }

    [Fact]
    public async Task With_no_keys_and_a_failing_key_server_the_provider_is_unavailable()
    {
        await using var fixture = await StartAsync();
        fixture.KeyServer.FailWith = HttpStatusCode.InternalServerError;

        var act = () => fixture.VerifyFreshTokenAsync();

        await act.Should().ThrowAsync<IdentityProviderUnavailableException>();
    }

    [Fact]
    public async Task A_key_server_that_hangs_counts_as_down_after_the_fetch_timeout()
    {
        await using var fixture = await StartAsync(new JsonWebKeySetOptions { FetchTimeout = TimeSpan.FromMilliseconds(500) });
        fixture.KeyServer.Delay = TimeSpan.FromMinutes(5);

        var act = () => fixture.VerifyFreshTokenAsync();

        await act.Should().ThrowAsync<IdentityProviderUnavailableException>();
    }

    [Fact]
    public async Task An_empty_key_set_makes_every_kid_unknown()
    {
        await using var fixture = await StartAsync();
        fixture.KeyServer.Publish();

        var act = () => fixture.VerifyFreshTokenAsync();

        // An empty key set is a valid answer: the kid is simply unknown.
        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "unknown_kid");
    }

    [Fact]
    public async Task The_key_set_is_renewed_in_the_background_before_it_expires()
    {
        await using var fixture = await StartWithKeysCachedAsync(cacheControl: "max-age=100");

        _time.Advance(TimeSpan.FromSeconds(85));
        await fixture.VerifyFreshTokenAsync();
        for (var wait = 0; fixture.KeyServer.RequestCount < 2 && wait < 100; wait++)
        {
            await Task.Delay(50);
        }

        fixture.KeyServer.RequestCount.Should().Be(2, "the second verification started a renewal without waiting for it");

        // Past the first set's expiry the renewed set is in use: no fetch on the request path.
        _time.Advance(TimeSpan.FromSeconds(30));
        await fixture.VerifyFreshTokenAsync();
        fixture.KeyServer.RequestCount.Should().Be(2);
    }

    [Fact]
    public async Task While_the_key_server_is_down_an_unknown_kid_is_unavailable_not_invalid_and_known_keys_still_work()
    {
        await using var fixture = await StartWithKeysCachedAsync();
        fixture.KeyServer.FailWith = HttpStatusCode.InternalServerError;
        using var rotatedIn = new TestSigningKey();

        var unknown = () => fixture.VerifyFreshTokenAsync(signedBy: rotatedIn);

        await unknown.Should().ThrowAsync<IdentityProviderUnavailableException>();
        (await fixture.VerifyFreshTokenAsync()).Subject.Should().NotBeEmpty();
        // Throttled, the next unknown kid gets the same answer without another request.
        await unknown.Should().ThrowAsync<IdentityProviderUnavailableException>();
        fixture.KeyServer.RequestCount.Should().Be(2);
    }

    [Fact]
    public async Task While_the_key_server_hangs_an_unknown_kid_fails_after_the_fetch_timeout_instead_of_hanging()
    {
        await using var fixture = await StartWithKeysCachedAsync(new JsonWebKeySetOptions { FetchTimeout = HangingFetchTimeout });
        fixture.KeyServer.Delay = TimeSpan.FromMinutes(5);
        using var rotatedIn = new TestSigningKey();

        var attempts = Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            var act = () => fixture.VerifyFreshTokenAsync(signedBy: rotatedIn);
            await act.Should().ThrowAsync<IdentityProviderUnavailableException>();
        }));

        await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(30));
        (await fixture.VerifyFreshTokenAsync()).Subject.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_known_key_verifies_after_its_key_set_expires_while_the_key_server_hangs()
    {
        await using var fixture = await StartAsync(new JsonWebKeySetOptions { FetchTimeout = HangingFetchTimeout });
        fixture.KeyServer.CacheControl = "max-age=60";
        await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None);
        fixture.KeyServer.Delay = TimeSpan.FromMinutes(5);
        _time.Advance(TimeSpan.FromHours(1));

        // The first verification asks the key server and gives up on it after the fetch timeout;
        // the next ones, while that fetch hangs and after it has failed, use the held set at once.
        for (var i = 0; i < 3; i++)
        {
            (await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None)).Subject.Should().NotBeEmpty();
        }

        fixture.KeyServer.RequestCount.Should().BeLessThanOrEqualTo(2, "one fetch at a time, and none again before the retry interval");
    }

    [Fact]
    public async Task A_known_key_stops_verifying_once_its_key_set_is_older_than_the_maximum_staleness()
    {
        var options = new JsonWebKeySetOptions { FetchTimeout = HangingFetchTimeout, MaxStaleness = TimeSpan.FromHours(2) };
        await using var fixture = await StartAsync(options);
        fixture.KeyServer.CacheControl = "max-age=60";
        await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None);
        fixture.KeyServer.Delay = TimeSpan.FromMinutes(5);

        _time.Advance(TimeSpan.FromSeconds(60) + options.MaxStaleness - TimeSpan.FromSeconds(1));
        (await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None)).Subject.Should().NotBeEmpty();

        _time.Advance(TimeSpan.FromSeconds(2));
        var act = () => fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None);

        // Whether the provider still publishes the key cannot be known while it does not answer: "try later".
        await act.Should().ThrowAsync<IdentityProviderUnavailableException>();
    }

    [Fact]
    public async Task After_its_key_set_expires_while_the_key_server_hangs_an_unknown_kid_is_unavailable()
    {
        await using var fixture = await StartAsync(new JsonWebKeySetOptions { FetchTimeout = HangingFetchTimeout });
        fixture.KeyServer.CacheControl = "max-age=60";
        await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None);
        fixture.KeyServer.Delay = TimeSpan.FromMinutes(5);
        _time.Advance(TimeSpan.FromHours(1));
        using var rotatedIn = new TestSigningKey();

        var unknown = () => fixture.Verifier.VerifyAsync(rotatedIn.Sign(GoogleTokens.Payload()), CancellationToken.None);

        await unknown.Should().ThrowAsync<IdentityProviderUnavailableException>();
        (await fixture.Verifier.VerifyAsync(fixture.GoogleKey.Sign(GoogleTokens.Payload()), CancellationToken.None)).Subject.Should().NotBeEmpty();
        await unknown.Should().ThrowAsync<IdentityProviderUnavailableException>();
    }

    [Theory]
    [InlineData("no-cache")]
    [InlineData("no-store")]
    [InlineData("max-age=0")]
    public async Task A_key_server_that_forbids_caching_still_costs_no_fetch_per_sign_in(string cacheControl)
    {
        await using var fixture = await StartWithKeysCachedAsync(cacheControl: cacheControl);

        for (var i = 0; i < 5; i++)
        {
            await fixture.VerifyFreshTokenAsync();
        }

        fixture.KeyServer.RequestCount.Should().Be(1);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"keys\"")]
    [InlineData("{\"keys\": {}}")]
    [InlineData("not json")]
    public async Task A_key_set_that_is_not_one_leaves_the_provider_unavailable_instead_of_crashing(string body)
    {
        await using var fixture = await StartAsync();
        fixture.KeyServer.RawBody = body;

        var act = () => fixture.VerifyFreshTokenAsync();

        var thrown = await act.Should().ThrowAsync<Exception>();
        thrown.Which.Should().BeOfType<IdentityProviderUnavailableException>();
    }

    [Fact]
    public async Task Unusable_entries_in_a_key_set_are_skipped_without_crashing()
    {
        await using var fixture = await StartAsync();
        fixture.KeyServer.RawBody = "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"\\ud800\", \"n\": \"x\", \"e\": \"AQAB\"}, {\"kty\": \"EC\", \"kid\": \"ec\"}, 42]}";

        var act = () => fixture.VerifyFreshTokenAsync();

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "unknown_kid");
    }

    [Fact]
    public async Task A_google_token_naming_an_ec_key_of_the_set_is_refused_as_naming_no_key_of_google_s()
    {
        await using var fixture = await StartAsync();
        using var ecKey = new TestEcSigningKey();
        fixture.KeyServer.RawBody = new System.Text.Json.Nodes.JsonObject { ["keys"] = new System.Text.Json.Nodes.JsonArray(ecKey.ToJwk()) }.ToJsonString();
        var token = fixture.GoogleKey.Sign(GoogleTokens.Payload(), new System.Text.Json.Nodes.JsonObject { ["alg"] = "RS256", ["kid"] = ecKey.KeyId });

        var act = () => fixture.Verifier.VerifyAsync(token, CancellationToken.None);

        await act.Should().ThrowAsync<IdentityTokenRejectedException>().Where(e => e.Reason == "unknown_kid");
    }
}
