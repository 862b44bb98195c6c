using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Tests.Support;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>Real RS256 tokens, signed by test keys, checked by the real verifier against a real key server.</summary>
public sealed class GoogleIdTokenVerifierTests : IAsyncLifetime
{
    private VerifierFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await VerifierFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private Task<GoogleLogin.Application.Common.Interfaces.VerifiedIdentity> VerifyAsync(string token) =>
        _fixture.Verifier.VerifyAsync(token, CancellationToken.None);

    /// <summary>The verifier must refuse the token for <paramref name="reason"/>, the check the test is about, and no other.</summary>
    private async Task ShouldRejectAsync(string token, string reason)
    {
        var act = () => VerifyAsync(token);
        var rejection = await act.Should().ThrowExactlyAsync<IdentityTokenRejectedException>();
        rejection.Which.Reason.Should().Be(reason);
    }

    /// <summary>A valid token but for one claim must be refused for <paramref name="reason"/>.</summary>
    private Task ShouldRejectWithClaimAsync(string claim, JsonNode value, string reason)
    {
        var payload = GoogleTokens.Payload();
        payload[claim] = value;
        return ShouldRejectAsync(_fixture.GoogleKey.Sign(payload), reason);
    }

    [Fact]
    public async Task A_valid_token_yields_the_identity_it_asserts()
    {
        var payload = GoogleTokens.Payload(nonce: "n-1");
        payload["hd"] = "example.com";

        var identity = await VerifyAsync(_fixture.GoogleKey.Sign(payload));

        identity.Should().BeEquivalentTo(new
        {
            Issuer = "https://accounts.google.com",
            Subject = "110169484474386276334",
            Email = "ada@example.com",
            EmailVerified = true,
            GivenName = "Ada",
            FamilyName = "Lovelace",
            PictureUrl = "https://lh3.googleusercontent.com/a/ada",
            HostedDomain = "example.com",
            Nonce = "n-1",
        });
    }

    [Theory]
    [InlineData("ada@gmail.com", null, true)]
    [InlineData("ada@GoogleMail.com", null, true)]
    [InlineData("ada@corp.example", "corp.example", true)]
    [InlineData("ada@corp.example", null, false)]
    [InlineData("ada@gmail.com.corp.example", null, false)]
    public async Task Google_vouches_for_an_email_only_at_gmail_or_for_a_workspace_account(string email, string? hostedDomain, bool verified)
    {
        var payload = GoogleTokens.Payload(email: email, nonce: "n-1");
        if (hostedDomain is not null)
        {
            payload["hd"] = hostedDomain;
        }

        (await VerifyAsync(_fixture.GoogleKey.Sign(payload))).EmailVerified.Should().Be(verified);
    }

    [Fact]
    public void Policy_follows_configuration_with_nonces_required_by_default()
    {
        // Google's button, with the first client ID: the sign-in page offers it.
        var button = new GoogleLogin.Application.Common.Interfaces.BrowserSignIn(
            GoogleLogin.Application.Common.Interfaces.SignInMethod.GoogleButton, _fixture.Options.ClientIds[0]);
        _fixture.Verifier.Policy.Should().Be(new GoogleLogin.Application.Common.Interfaces.IdentityProviderPolicy("Google", RequireNonce: true, button));

        _fixture.Options.RequireNonce = false;

        _fixture.Verifier.Policy.Should().Be(new GoogleLogin.Application.Common.Interfaces.IdentityProviderPolicy("Google", RequireNonce: false, button));
    }

    [Fact]
    public async Task The_issuer_without_scheme_is_accepted_and_stored_under_one_name()
    {
        var payload = GoogleTokens.Payload();
        payload["iss"] = "accounts.google.com";

        (await VerifyAsync(_fixture.GoogleKey.Sign(payload))).Issuer.Should().Be("https://accounts.google.com");
    }

    [Fact]
    public async Task Any_configured_client_id_is_an_accepted_audience()
    {
        var payload = GoogleTokens.Payload(audience: "ios-client.apps.googleusercontent.com");

        (await VerifyAsync(_fixture.GoogleKey.Sign(payload))).Subject.Should().NotBeEmpty();
    }

    [Fact]
    public Task A_token_for_another_client_is_rejected()
    {
        // Only the audience is foreign, so the azp check cannot stand in for the audience check.
        var payload = GoogleTokens.Payload(audience: "someone-else.apps.googleusercontent.com");
        payload["azp"] = GoogleTokens.ClientId;
        return ShouldRejectAsync(_fixture.GoogleKey.Sign(payload), "invalid_token");
    }

    [Fact]
    public async Task A_logout_token_an_access_token_or_any_typ_but_jwt_is_not_an_id_token()
    {
        JsonObject Header(string typ) => new() { ["alg"] = "RS256", ["kid"] = _fixture.GoogleKey.KeyId, ["typ"] = typ };

        await ShouldRejectAsync(_fixture.GoogleKey.Sign(GoogleTokens.Payload(), Header("logout+jwt")), "not_an_id_token");
        await ShouldRejectAsync(_fixture.GoogleKey.Sign(GoogleTokens.Payload(), Header("at+jwt")), "not_an_id_token");
        var logout = GoogleTokens.Payload();
        logout["events"] = new JsonObject { ["http://schemas.openid.net/event/backchannel-logout"] = new JsonObject() };
        await ShouldRejectAsync(_fixture.GoogleKey.Sign(logout), "not_an_id_token");
        var access = GoogleTokens.Payload();
        access["scope"] = "openid email";
        await ShouldRejectAsync(_fixture.GoogleKey.Sign(access), "not_an_id_token");
    }

    [Fact]
    public Task A_token_without_audience_is_rejected()
    {
        var payload = GoogleTokens.Payload();
        payload.Remove("aud");
        payload.Remove("azp");
        return ShouldRejectAsync(_fixture.GoogleKey.Sign(payload), "missing_audience");
    }

    [Fact]
    public Task A_token_that_also_names_an_untrusted_audience_is_rejected() =>
        ShouldRejectWithClaimAsync("aud", new JsonArray(GoogleTokens.ClientId, "attacker.apps.googleusercontent.com"), "untrusted_audience");

    [Fact]
    public async Task An_audience_list_naming_only_configured_clients_is_accepted()
    {
        var payload = GoogleTokens.Payload();
        payload["aud"] = new JsonArray(GoogleTokens.ClientId);

        var identity = await VerifyAsync(_fixture.GoogleKey.Sign(payload));

        identity.Subject.Should().Be(payload["sub"]!.GetValue<string>());
    }

    [Fact]
    public Task A_token_issued_to_another_authorized_party_is_rejected() =>
        ShouldRejectWithClaimAsync("azp", "attacker.apps.googleusercontent.com", "untrusted_authorized_party");

    [Fact]
    public Task An_expired_token_is_rejected() =>
        ShouldRejectAsync(_fixture.GoogleKey.Sign(GoogleTokens.Payload(issuedAt: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1))), "invalid_token");

    [Fact]
    public Task A_token_issued_in_the_future_is_rejected() =>
        ShouldRejectAsync(_fixture.GoogleKey.Sign(GoogleTokens.Payload(issuedAt: DateTimeOffset.UtcNow.AddMinutes(10))), "invalid_token");

    [Fact]
    public Task A_token_not_valid_before_a_time_beyond_the_clock_tolerance_is_rejected()
    {
        var payload = GoogleTokens.Payload();
        payload["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return ShouldRejectAsync(_fixture.GoogleKey.Sign(payload), "not_yet_valid");
    }

    [Fact]
    public async Task A_token_not_valid_before_a_time_within_the_clock_tolerance_is_accepted()
    {
        var payload = GoogleTokens.Payload();
        payload["nbf"] = DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeSeconds();

        (await VerifyAsync(_fixture.GoogleKey.Sign(payload))).Subject.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData(long.MaxValue)]
    public Task A_not_before_time_that_is_no_time_is_rejected_not_thrown(object notBefore)
    {
        var payload = GoogleTokens.Payload();
        payload["nbf"] = System.Text.Json.JsonSerializer.SerializeToNode(notBefore);
        return ShouldRejectAsync(_fixture.GoogleKey.Sign(payload), notBefore is string ? "malformed" : "not_yet_valid");
    }

    [Fact]
    public async Task Small_clock_differences_are_tolerated()
    {
        var token = _fixture.GoogleKey.Sign(GoogleTokens.Payload(issuedAt: DateTimeOffset.UtcNow.AddSeconds(10)));

        (await VerifyAsync(token)).Subject.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("https://accounts.google.com.evil.example")]
    [InlineData("https://accounts.google.com/")]
    [InlineData("http://accounts.google.com")]
    [InlineData("https://ACCOUNTS.GOOGLE.COM")]
    [InlineData("")]
    public Task A_token_from_another_or_lookalike_issuer_is_rejected(string issuer) =>
        ShouldRejectWithClaimAsync("iss", issuer, "invalid_token");

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_published_kid_is_rejected()
    {
        using var attackerKey = new TestSigningKey(keyId: _fixture.GoogleKey.KeyId);

        await ShouldRejectAsync(attackerKey.Sign(GoogleTokens.Payload()), "invalid_token");
    }

    [Fact]
    public async Task A_token_signed_by_one_published_key_under_another_published_kid_is_rejected()
    {
        // The signature must verify with the key the token names, not with whichever published key fits.
        using var otherPublishedKey = new TestSigningKey();
        _fixture.KeyServer.Publish(_fixture.GoogleKey, otherPublishedKey);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = _fixture.GoogleKey.KeyId };

        await ShouldRejectAsync(otherPublishedKey.Sign(GoogleTokens.Payload(), header), "invalid_token");
        (await VerifyAsync(otherPublishedKey.Sign(GoogleTokens.Payload()))).Subject.Should().NotBeEmpty("the same key under its own kid is fine");
    }

    [Fact]
    public async Task A_token_with_a_tampered_payload_is_rejected()
    {
        var token = _fixture.GoogleKey.Sign(GoogleTokens.Payload());
        var parts = token.Split('.');
        var tampered = GoogleTokens.Payload(subject: "admin");

        await ShouldRejectAsync($"{parts[0]}.{TestSigningKey.Encode(tampered)}.{parts[2]}", "invalid_token");
    }

    [Fact]
    public async Task A_token_signed_by_an_unpublished_key_is_rejected()
    {
        using var otherKey = new TestSigningKey();

        await ShouldRejectAsync(otherKey.Sign(GoogleTokens.Payload()), "unknown_kid");
    }

    [Fact]
    public Task A_token_without_kid_is_rejected() =>
        ShouldRejectAsync(_fixture.GoogleKey.Sign(GoogleTokens.Payload(), new JsonObject { ["alg"] = "RS256" }), "missing_kid");

    [Fact]
    public Task An_unsigned_alg_none_token_is_rejected()
    {
        var header = new JsonObject { ["alg"] = "none", ["kid"] = _fixture.GoogleKey.KeyId };
        var unsigned = $"{TestSigningKey.Encode(header)}.{TestSigningKey.Encode(GoogleTokens.Payload())}.";
        return Task.WhenAll(
            ShouldRejectAsync(unsigned, "malformed"),
            ShouldRejectAsync(unsigned + "AAAA", "unsupported_algorithm"));
    }

    [Fact]
    public async Task An_HS256_token_keyed_with_the_public_key_is_rejected()
    {
        // The classic algorithm confusion: an HMAC whose secret is the published RSA public key.
        var header = new JsonObject { ["alg"] = "HS256", ["kid"] = _fixture.GoogleKey.KeyId };
        var signingInput = $"{TestSigningKey.Encode(header)}.{TestSigningKey.Encode(GoogleTokens.Payload())}";
        var secret = Encoding.UTF8.GetBytes(_fixture.GoogleKey.ToJwk().ToJsonString());
        var mac = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));

        await ShouldRejectAsync($"{signingInput}.{mac}", "unsupported_algorithm");
    }

    [Fact]
    public Task An_ES256_token_is_rejected_even_though_the_library_supports_it() =>
        ShouldRejectAsync(_fixture.GoogleKey.Sign(GoogleTokens.Payload(), new JsonObject { ["alg"] = "ES256", ["kid"] = _fixture.GoogleKey.KeyId }), "unsupported_algorithm");

    [Fact]
    public Task A_token_with_critical_header_extensions_is_rejected() =>
        ShouldRejectAsync(
            _fixture.GoogleKey.Sign(GoogleTokens.Payload(), new JsonObject { ["alg"] = "RS256", ["kid"] = _fixture.GoogleKey.KeyId, ["crit"] = new JsonArray("exp") }),
            "critical_header");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public Task A_token_without_subject_is_rejected(string? subject)
    {
        var payload = GoogleTokens.Payload();
        if (subject is null)
        {
            payload.Remove("sub");
        }
        else
        {
            payload["sub"] = subject;
        }

        return ShouldRejectAsync(_fixture.GoogleKey.Sign(payload), "invalid_subject");
    }

    [Fact]
    public Task A_token_with_wrongly_typed_claims_is_rejected_not_crashed() =>
        ShouldRejectWithClaimAsync("exp", "tomorrow", "malformed");

    [Fact]
    public Task A_token_whose_payload_is_not_a_json_object_is_rejected()
    {
        var header = TestSigningKey.Encode(new JsonObject { ["alg"] = "RS256", ["kid"] = _fixture.GoogleKey.KeyId });
        var signingInput = $"{header}.{System.Buffers.Text.Base64Url.EncodeToString("[1,2,3]"u8)}";
        var signature = _fixture.GoogleKey.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return ShouldRejectAsync($"{signingInput}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}", "malformed");
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("abc", "malformed")]
    [InlineData("a.b", "malformed")]
    [InlineData("a.b.c", "malformed")]
    [InlineData("a.b.c.d", "malformed")]
    [InlineData("....", "malformed")]
    [InlineData("!!!.###.$$$", "malformed")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9", "malformed")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.bm90IGpzb24.c2ln", "unknown_kid")]
    [InlineData("bm90IGpzb24.eyJzdWIiOiIxIn0.c2ln", "malformed")]
    [InlineData("W10.eyJzdWIiOiIxIn0.c2ln", "malformed")]
    [InlineData("eyJhbGciOjF9.eyJzdWIiOiIxIn0.c2ln", "unsupported_algorithm")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6Ilx1ZDgwMCJ9.e30.e30", "missing_kid")]
    [InlineData("eyJhbGciOiJcdWQ4MDAiLCJraWQiOiJ4In0.e30.e30", "unsupported_algorithm")]
    public Task Malformed_strings_are_rejected_as_tokens_never_thrown_as_errors(string token, string reason) =>
        ShouldRejectAsync(token, reason);

    [Fact]
    public async Task Malformed_payload_and_signature_under_a_valid_header_are_rejected()
    {
        var header = TestSigningKey.Encode(new JsonObject { ["alg"] = "RS256", ["kid"] = _fixture.GoogleKey.KeyId });

        await ShouldRejectAsync($"{header}.bm90IGpzb24.c2ln", "malformed");
        await ShouldRejectAsync($"{header}.%%%.c2ln", "malformed");
        await ShouldRejectAsync($"{header}.{TestSigningKey.Encode(GoogleTokens.Payload())}.@@@", "malformed");
    }

    [Fact]
    public async Task Keys_too_weak_to_trust_are_ignored_even_when_published()
    {
        using var weakKey = new TestSigningKey(keySizeInBits: 1024);
        _fixture.KeyServer.Publish(_fixture.GoogleKey, weakKey);

        await ShouldRejectAsync(weakKey.Sign(GoogleTokens.Payload()), "unknown_kid");
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("EXAMPLE.com", true)]
    [InlineData("other.example", false)]
    [InlineData(null, false)]
    public async Task With_a_hosted_domain_allow_list_only_tokens_with_a_listed_hd_claim_pass(string? hostedDomain, bool allowed)
    {
        _fixture.Options.HostedDomains.Add("example.com");
        // The email says example.com either way: only the hd claim counts.
        var payload = GoogleTokens.Payload(email: "someone@example.com");
        if (hostedDomain is not null)
        {
            payload["hd"] = hostedDomain;
        }

        var act = () => VerifyAsync(_fixture.GoogleKey.Sign(payload));

        if (allowed)
        {
            (await act()).HostedDomain.Should().Be(hostedDomain);
        }
        else
        {
            (await act.Should().ThrowExactlyAsync<IdentityNotAllowedException>()).Which.Reason.Should().Be("hosted_domain_not_allowed");
        }
    }

    [Fact]
    public async Task Key_location_headers_in_a_token_are_never_fetched()
    {
        await using var decoy = await KeySetServer.StartAsync(new TestSigningKey());
        using var attackerKey = new TestSigningKey();
        var attackerJwk = attackerKey.ToJwk();
        foreach (var header in new[] { "jku", "x5u" })
        {
            var token = attackerKey.Sign(
                GoogleTokens.Payload(),
                new JsonObject { ["alg"] = "RS256", ["kid"] = attackerKey.KeyId, [header] = decoy.Url });
            await ShouldRejectAsync(token, "unknown_kid");
        }

        var embedded = attackerKey.Sign(
            GoogleTokens.Payload(),
            new JsonObject { ["alg"] = "RS256", ["kid"] = attackerKey.KeyId, ["jwk"] = attackerJwk });
        await ShouldRejectAsync(embedded, "unknown_kid");

        decoy.RequestCount.Should().Be(0);
        _fixture.KeyServer.RequestCount.Should().BeGreaterThan(0, "only the configured key set is ever asked");
    }
}
