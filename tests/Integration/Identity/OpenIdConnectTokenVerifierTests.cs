using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure.Identity.Keys;
using GoogleLogin.Infrastructure.Identity.OpenIdConnect;
using GoogleLogin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>
/// Real tokens (RS256, PS256, ES256) from a local OpenID Connect server, checked by the real verifier of a
/// configured provider, with its discovery document and key set fetched over loopback.
/// </summary>
public sealed class OpenIdConnectTokenVerifierTests : IAsyncLifetime
{
    private const string TenantA = "6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string TenantB = "9188040d-6c67-4c5b-b112-36a304b66dad";

    private readonly TestSigningKey _rsaKey = new();
    private readonly TestEcSigningKey _ecKey = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private OpenIdConnectTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenIdConnectTestServer.StartAsync();
        _server.Publish(_rsaKey.ToJwk(), _ecKey.ToJwk());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
        _rsaKey.Dispose();
        _ecKey.Dispose();
    }

    private string Authority => _server.Authority("acme");

    /// <summary>The verifier of provider acme; on <paramref name="time"/>, whose schedule a test moves, else the system's clock.</summary>
    private OpenIdConnectTokenVerifier Verifier(
        OpenIdConnectProviderOptions? options = null, JsonWebKeySetOptions? fetchOptions = null, TimeProvider? time = null)
    {
        options ??= new OpenIdConnectProviderOptions { Authority = Authority, ClientIds = [OpenIdConnectTokens.ClientId] };
        fetchOptions ??= new JsonWebKeySetOptions();
        time ??= TimeProvider.System;
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        return new OpenIdConnectTokenVerifier(
            "acme",
            new FixedOptionsMonitor<OpenIdConnectProviderOptions>(options),
            new OpenIdConnectDiscovery(factory, time, Microsoft.Extensions.Options.Options.Create(fetchOptions), NullLogger<OpenIdConnectDiscovery>.Instance),
            new JsonWebKeySetCache(factory, time, Microsoft.Extensions.Options.Options.Create(fetchOptions), NullLogger<JsonWebKeySetCache>.Instance),
            time,
            NullLogger<OpenIdConnectTokenVerifier>.Instance);
    }

    private static OpenIdConnectProviderOptions MicrosoftProvider(string authority, params string[] tenants) => new()
    {
        Authority = authority,
        ClientIds = [OpenIdConnectTokens.ClientId],
        Kind = "Microsoft",
        Tenants = [.. tenants],
    };

    private JsonObject Payload(Action<JsonObject>? change = null)
    {
        var payload = OpenIdConnectTokens.Payload(Authority, nonce: "n-1");
        change?.Invoke(payload);
        return payload;
    }

    private static async Task ShouldRejectAsync(OpenIdConnectTokenVerifier verifier, string token, string reason)
    {
        var act = () => verifier.VerifyAsync(token, CancellationToken.None);
        (await act.Should().ThrowExactlyAsync<IdentityTokenRejectedException>()).Which.Reason.Should().Be(reason);
    }

    private Task ShouldRejectAsync(JsonObject payload, string reason) => ShouldRejectAsync(Verifier(), _rsaKey.Sign(payload), reason);

    [Fact]
    public async Task A_valid_token_yields_the_identity_it_asserts_under_the_provider_s_issuer()
    {
        var identity = await Verifier().VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None);

        identity.Should().BeEquivalentTo(new VerifiedIdentity(
            Issuer: Authority,
            Subject: "user-1",
            Email: "grace@example.org",
            EmailVerified: true,
            GivenName: "Grace",
            FamilyName: "Hopper",
            PictureUrl: "https://pictures.example.org/grace",
            HostedDomain: null,
            Nonce: "n-1"));
    }

    [Fact]
    public async Task RS256_PS256_and_ES256_signatures_all_verify()
    {
        using var pssKey = new TestSigningKey();
        _server.Publish(_rsaKey.ToJwk(), _ecKey.ToJwk(), pssKey.ToJwk(algorithm: null));
        var verifier = Verifier();

        var tokens = new[]
        {
            _rsaKey.Sign(Payload()),
            pssKey.Sign(Payload(), new JsonObject { ["alg"] = "PS256", ["kid"] = pssKey.KeyId }),
            _ecKey.Sign(Payload()),
        };

        foreach (var token in tokens)
        {
            (await verifier.VerifyAsync(token, CancellationToken.None)).Subject.Should().Be("user-1");
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS384")]
    [InlineData("ES512")]
    public async Task Only_RS256_PS256_and_ES256_are_accepted_even_when_the_provider_lists_others(string algorithm)
    {
        // The classic confusion: an HMAC "signature" keyed with the provider's public key, which anyone has.
        _server.SigningAlgorithms = ["RS256", "HS256", "none", "RS384", "ES512"];
        var header = new JsonObject { ["alg"] = algorithm, ["kid"] = _rsaKey.KeyId };
        var signingInput = $"{TestSigningKey.Encode(header)}.{TestSigningKey.Encode(Payload())}";
        var publicKey = Encoding.ASCII.GetBytes(_rsaKey.Rsa.ExportSubjectPublicKeyInfoPem());
        // For "none", some bytes where the signature would be: an empty one is refused before the header is read.
        var token = algorithm == "none"
            ? $"{signingInput}.AAAA"
            : $"{signingInput}.{Base64Url.EncodeToString(HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(signingInput)))}";

        await ShouldRejectAsync(Verifier(), token, "unsupported_algorithm");
    }

    [Fact]
    public async Task An_algorithm_the_discovery_document_does_not_list_is_refused()
    {
        _server.SigningAlgorithms = ["RS256"];

        await ShouldRejectAsync(Verifier(), _ecKey.Sign(Payload()), "algorithm_not_offered");
    }

    [Fact]
    public async Task A_key_the_key_set_binds_to_RS256_does_not_check_a_PS256_signature()
    {
        var token = _rsaKey.Sign(Payload(), new JsonObject { ["alg"] = "PS256", ["kid"] = _rsaKey.KeyId });

        await ShouldRejectAsync(Verifier(), token, "key_algorithm_mismatch");
    }

    [Fact]
    public async Task A_key_set_entry_that_names_no_algorithm_checks_only_what_its_key_type_is_for()
    {
        _server.Publish(_rsaKey.ToJwk(algorithm: null));
        var esTokenNamingTheRsaKey = _ecKey.Sign(Payload()).Split('.') is var parts
            ? $"{TestSigningKey.Encode(new JsonObject { ["alg"] = "ES256", ["kid"] = _rsaKey.KeyId })}.{parts[1]}.{parts[2]}"
            : null;

        await ShouldRejectAsync(Verifier(), esTokenNamingTheRsaKey!, "key_algorithm_mismatch");
    }

    [Fact]
    public async Task A_signature_by_another_key_under_a_published_kid_is_refused()
    {
        using var attacker = new TestSigningKey(keyId: _rsaKey.KeyId);

        await ShouldRejectAsync(Verifier(), attacker.Sign(Payload()), "invalid_signature");
    }

    [Theory]
    [InlineData("{0}/")]
    [InlineData("{0}/x")]
    [InlineData("{0}x")]
    [InlineData("https://evil.example/acme")]
    [InlineData("HTTP://127.0.0.1/acme")]
    public async Task An_issuer_that_only_looks_like_the_provider_s_is_refused(string issuerPattern)
    {
        var issuer = string.Format(System.Globalization.CultureInfo.InvariantCulture, issuerPattern, Authority);

        await ShouldRejectAsync(Payload(p => p["iss"] = issuer), "untrusted_issuer");
        await ShouldRejectAsync(Payload(p => p["iss"] = Authority.ToUpperInvariant()), "untrusted_issuer");
    }

    [Fact]
    public async Task A_logout_token_or_any_typ_but_jwt_is_not_an_id_token()
    {
        JsonObject Header(string? typ) => typ is null
            ? new JsonObject { ["alg"] = "RS256", ["kid"] = _rsaKey.KeyId }
            : new JsonObject { ["alg"] = "RS256", ["kid"] = _rsaKey.KeyId, ["typ"] = typ };

        await ShouldRejectAsync(Verifier(), _rsaKey.Sign(Payload(), Header("logout+jwt")), "not_an_id_token");
        await ShouldRejectAsync(Verifier(), _rsaKey.Sign(Payload(), Header("secevent+jwt")), "not_an_id_token");
        await ShouldRejectAsync(Payload(p => p["events"] = new JsonObject { ["http://schemas.openid.net/event/backchannel-logout"] = new JsonObject() }), "not_an_id_token");
        (await Verifier().VerifyAsync(_rsaKey.Sign(Payload(), Header(null)), CancellationToken.None)).Subject.Should().Be("user-1");
        (await Verifier().VerifyAsync(_rsaKey.Sign(Payload(), Header("jwt")), CancellationToken.None)).Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task An_access_token_of_the_provider_for_this_client_is_not_an_id_token()
    {
        var accessTokenHeader = new JsonObject { ["alg"] = "RS256", ["kid"] = _rsaKey.KeyId, ["typ"] = "at+jwt" };

        await ShouldRejectAsync(Verifier(), _rsaKey.Sign(Payload(), accessTokenHeader), "not_an_id_token");
        await ShouldRejectAsync(Payload(p => p["scp"] = "User.Read"), "not_an_id_token");
        await ShouldRejectAsync(Payload(p => p["scope"] = "openid profile"), "not_an_id_token");
    }

    [Fact]
    public async Task A_token_with_no_issuer_is_refused()
    {
        await ShouldRejectAsync(Payload(p => p.Remove("iss")), "untrusted_issuer");
    }

    [Fact]
    public async Task Every_audience_must_be_ours_and_azp_must_name_one_of_them()
    {
        await ShouldRejectAsync(Payload(p => p["aud"] = "another-client"), "untrusted_audience");
        await ShouldRejectAsync(Payload(p => p["aud"] = new JsonArray(OpenIdConnectTokens.ClientId, "another-client")), "untrusted_audience");
        await ShouldRejectAsync(Payload(p => p["azp"] = "another-client"), "untrusted_authorized_party");
    }

    [Fact]
    public async Task Several_audiences_need_an_authorized_party()
    {
        var options = new OpenIdConnectProviderOptions { Authority = Authority, ClientIds = [OpenIdConnectTokens.ClientId, "ios-client"] };
        var twoAudiences = new JsonArray(OpenIdConnectTokens.ClientId, "ios-client");

        await ShouldRejectAsync(Verifier(options), _rsaKey.Sign(Payload(p => p["aud"] = twoAudiences.DeepClone())), "missing_authorized_party");
        var named = await Verifier(options).VerifyAsync(
            _rsaKey.Sign(Payload(p => { p["aud"] = twoAudiences.DeepClone(); p["azp"] = "ios-client"; })), CancellationToken.None);
        named.Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task Expiry_not_before_and_issued_at_are_checked_within_the_tolerance()
    {
        var now = DateTimeOffset.UtcNow;
        await ShouldRejectAsync(Payload(p => p["exp"] = now.AddMinutes(-2).ToUnixTimeSeconds()), "expired");
        await ShouldRejectAsync(Payload(p => p.Remove("exp")), "missing_expiry");
        await ShouldRejectAsync(Payload(p => p["nbf"] = now.AddMinutes(2).ToUnixTimeSeconds()), "not_yet_valid");
        await ShouldRejectAsync(Payload(p => p.Remove("iat")), "missing_issued_at");
        await ShouldRejectAsync(Payload(p => p["iat"] = "0"), "missing_issued_at");
        await ShouldRejectAsync(Payload(p => p["iat"] = now.AddMinutes(2).ToUnixTimeSeconds()), "issued_in_the_future");

        var withinTolerance = await Verifier().VerifyAsync(
            _rsaKey.Sign(Payload(p => { p["iat"] = now.AddSeconds(20).ToUnixTimeSeconds(); p["nbf"] = now.AddSeconds(20).ToUnixTimeSeconds(); })),
            CancellationToken.None);
        withinTolerance.Subject.Should().Be("user-1");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("user\u0000one")]
    public async Task A_token_without_a_usable_subject_is_refused(string? subject)
    {
        await ShouldRejectAsync(Payload(p => p["sub"] = subject), "invalid_subject");
    }

    [Fact]
    public async Task An_email_counts_as_verified_only_when_email_verified_is_true()
    {
        var verifier = Verifier();
        async Task<bool> VerifiedWith(JsonNode? value) =>
            (await verifier.VerifyAsync(_rsaKey.Sign(Payload(p => p["email_verified"] = value)), CancellationToken.None)).EmailVerified;

        (await VerifiedWith(true)).Should().BeTrue();
        (await VerifiedWith(false)).Should().BeFalse();
        (await VerifiedWith("true")).Should().BeFalse("a string is not the boolean the claim is");
        (await VerifiedWith(null)).Should().BeFalse();
    }

    [Fact]
    public async Task A_microsoft_multi_tenant_token_is_keyed_by_its_tenant_s_issuer()
    {
        var verifier = Verifier(MicrosoftProvider(_server.Authority("common/v2.0"), TenantA));
        var payload = OpenIdConnectTokens.Payload(_server.TenantIssuer(TenantA));
        payload["tid"] = TenantA;

        var identity = await verifier.VerifyAsync(_rsaKey.Sign(payload), CancellationToken.None);

        identity.Issuer.Should().Be(_server.TenantIssuer(TenantA));
        identity.Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task A_microsoft_token_of_a_tenant_not_listed_is_not_allowed()
    {
        var verifier = Verifier(MicrosoftProvider(_server.Authority("organizations/v2.0"), TenantA));
        var payload = OpenIdConnectTokens.Payload(_server.TenantIssuer(TenantB));
        payload["tid"] = TenantB;

        var act = () => verifier.VerifyAsync(_rsaKey.Sign(payload), CancellationToken.None);

        (await act.Should().ThrowExactlyAsync<IdentityNotAllowedException>()).Which.Reason.Should().Be("tenant_not_allowed");
    }

    [Theory]
    [InlineData(TenantA, TenantB)]
    [InlineData(null, TenantA)]
    [InlineData("{tenantid}", TenantA)]
    [InlineData("../" + TenantA, TenantA)]
    [InlineData("{tenantid}", "{tenantid}")]
    public async Task A_microsoft_token_whose_tid_is_not_the_tenant_of_its_issuer_is_refused(string? tid, string issuerTenant)
    {
        var verifier = Verifier(MicrosoftProvider(_server.Authority("common/v2.0"), TenantA, TenantB));
        var payload = OpenIdConnectTokens.Payload(_server.TenantIssuer(issuerTenant));
        payload["tid"] = tid;

        await ShouldRejectAsync(verifier, _rsaKey.Sign(payload), "untrusted_issuer");
    }

    [Fact]
    public async Task A_microsoft_email_counts_as_verified_only_with_xms_edov()
    {
        var verifier = Verifier(MicrosoftProvider(_server.Authority("common/v2.0"), TenantA));
        async Task<bool> VerifiedWith(JsonNode? edov)
        {
            var payload = OpenIdConnectTokens.Payload(_server.TenantIssuer(TenantA));
            payload["tid"] = TenantA;
            payload["xms_edov"] = edov;
            return (await verifier.VerifyAsync(_rsaKey.Sign(payload), CancellationToken.None)).EmailVerified;
        }

        (await VerifiedWith(true)).Should().BeTrue();
        (await VerifiedWith(null)).Should().BeFalse("Entra's email_verified-free email is whatever a tenant admin typed");
        (await VerifiedWith(false)).Should().BeFalse();
    }

    [Fact]
    public async Task A_generic_provider_cannot_use_the_tenant_template()
    {
        // A document naming {tenantid} for a generic provider would let the token choose its own issuer: only the
        // Microsoft kind takes such a document as its authority's, so for any other it is no document at all.
        var verifier = Verifier(new OpenIdConnectProviderOptions { Authority = _server.Authority("common/v2.0"), ClientIds = [OpenIdConnectTokens.ClientId] });
        var payload = OpenIdConnectTokens.Payload(_server.TenantIssuer(TenantA));
        payload["tid"] = TenantA;

        var act = () => verifier.VerifyAsync(_rsaKey.Sign(payload), CancellationToken.None);

        await act.Should().ThrowExactlyAsync<IdentityProviderUnavailableException>();
    }

    [Fact]
    public async Task A_rotated_key_is_fetched_when_a_token_names_it()
    {
        var verifier = Verifier();
        (await verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None)).Subject.Should().Be("user-1");

        using var rotated = new TestSigningKey();
        _server.Publish(rotated.ToJwk());

        (await verifier.VerifyAsync(rotated.Sign(Payload()), CancellationToken.None)).Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task Discovery_down_at_first_use_answers_unavailable_until_it_comes_back()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _server.FailDiscoveryWith = HttpStatusCode.ServiceUnavailable;
        var verifier = Verifier(time: time);

        var act = () => verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None);
        (await act.Should().ThrowExactlyAsync<IdentityProviderUnavailableException>()).Which.Unreadable.Should().Be(ProviderResource.DiscoveryDocument);

        _server.FailDiscoveryWith = null;
        time.Advance(TimeSpan.FromSeconds(1));
        (await verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None)).Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task Discovery_failing_later_keeps_the_document_already_read()
    {
        var verifier = Verifier();
        await verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None);

        _server.FailDiscoveryWith = HttpStatusCode.InternalServerError;

        (await verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None)).Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task A_failed_discovery_is_retried_after_a_wait_that_doubles_up_to_its_ceiling_and_not_on_every_sign_in()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new JsonWebKeySetOptions { FailureRetryMin = TimeSpan.FromSeconds(1), FailureRetryMax = TimeSpan.FromSeconds(5) };
        _server.FailDiscoveryWith = HttpStatusCode.ServiceUnavailable;
        _server.Delay = TimeSpan.FromMilliseconds(50);
        var verifier = Verifier(fetchOptions: options, time: time);
        async Task SignInsFailAsync()
        {
            // Many at once: they share the one read under way, or its failure.
            var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
            {
                var act = () => verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None);
                await act.Should().ThrowExactlyAsync<IdentityProviderUnavailableException>();
            }));
            await Task.WhenAll(attempts);
        }

        await SignInsFailAsync();
        _server.DiscoveryRequestCount.Should().Be(1);

        // 1 s, 2 s, 4 s, then the ceiling: one read each time, none sooner.
        foreach (var wait in new[] { 1, 2, 4, 5, 5 })
        {
            var reads = _server.DiscoveryRequestCount;
            time.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            await SignInsFailAsync();
            _server.DiscoveryRequestCount.Should().Be(reads, $"no read within {wait} s of the last failure");

            time.Advance(TimeSpan.FromMilliseconds(1));
            await SignInsFailAsync();
            _server.DiscoveryRequestCount.Should().Be(reads + 1);
        }

        _server.MaxConcurrentDiscoveryRequests.Should().Be(1);

        // Back: used at most the ceiling after the last failure.
        _server.FailDiscoveryWith = null;
        time.Advance(options.FailureRetryMax);
        (await verifier.VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None)).Subject.Should().Be("user-1");
    }

    [Fact]
    public async Task A_key_set_that_cannot_be_read_is_unavailable_naming_the_signing_keys()
    {
        _server.FailKeySetWith = HttpStatusCode.InternalServerError;

        var act = () => Verifier().VerifyAsync(_rsaKey.Sign(Payload()), CancellationToken.None);

        var unavailable = (await act.Should().ThrowExactlyAsync<IdentityProviderUnavailableException>()).Which;
        unavailable.Unreadable.Should().Be(ProviderResource.SigningKeys);
        unavailable.Provider.Should().Be("acme");
    }

    [Fact]
    public async Task A_discovery_document_naming_another_issuer_is_not_used()
    {
        // Served at one authority, speaking for another: its keys must not verify tokens of either.
        _server.IssuerOverride = "https://accounts.example.com";
        var verifier = Verifier();

        var act = () => verifier.VerifyAsync(_rsaKey.Sign(Payload(p => p["iss"] = "https://accounts.example.com")), CancellationToken.None);

        await act.Should().ThrowExactlyAsync<IdentityProviderUnavailableException>();
    }
}
