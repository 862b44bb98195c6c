using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class AuthorizationStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/account", "/account")]
    [InlineData("/account?tab=sessions#top", "/account?tab=sessions#top")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("account", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/account\\..\\\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/account\r\nSet-Cookie: x=1", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/caf\u00e9", "/")]
    [InlineData("/a\u2028b", "/")]
    [InlineData("/a b", "/")]
    [InlineData("/caf%C3%A9?q=%20", "/caf%C3%A9?q=%20")]
    [InlineData("/api/auth/acme/start?returnUrl=/", "/")]
    [InlineData("/API/users/me", "/")]
    [InlineData("/api", "/")]
    [InlineData("/./api/users/me", "/")]
    [InlineData("/%2e/api/users/me", "/")]
    [InlineData("/%2E%2E/api/users/me", "/")]
    [InlineData("/%61pi/users/me", "/")]
    [InlineData("/account/../api/auth/acme/start", "/")]
    [InlineData("/account/%2e%2e/api/users/me", "/")]
    [InlineData("/account/%2F..%2Fapi/users/me", "/")]
    [InlineData("/apiary", "/apiary")]
    [InlineData("/account/../settings?next=/api/", "/account/../settings?next=/api/")]
    public void A_return_url_is_kept_only_as_a_path_of_this_site(string? candidate, string kept)
    {
        AuthorizationState.LocalReturnUrl(candidate).Should().Be(kept);
    }

    [Fact]
    public void A_return_url_longer_than_the_limit_becomes_the_home_page()
    {
        AuthorizationState.LocalReturnUrl("/" + new string('a', AuthorizationState.ReturnUrlLength)).Should().Be("/");
    }

    [Fact]
    public void A_state_has_a_random_id_whose_use_is_stored_as_its_hash_the_browser_s_binding_hash_and_a_verifier_whose_challenge_is_S256()
    {
        var record = AuthorizationState.Start("acme", TestData.NonceBinding, "the-nonce", "/account", Now);

        RandomToken.IsWellFormed(record.Id).Should().BeTrue();
        record.UseHash.Should().Equal(RandomToken.Hash(record.Id));
        AuthorizationState.Start("acme", TestData.NonceBinding, "the-nonce", "/account", Now).Id.Should().NotBe(record.Id);
        record.BindingHash.Should().Equal(RandomToken.Hash(TestData.NonceBinding));
        record.CodeVerifier.Should().HaveLength(43);
        record.CodeChallenge.Should().Be(System.Buffers.Text.Base64Url.EncodeToString(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(record.CodeVerifier))));
        record.ExpiresAt.Should().Be(Now + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_state_finishes_only_in_time_at_its_provider_in_the_browser_that_started_it()
    {
        var record = AuthorizationState.Start("acme", TestData.NonceBinding, "the-nonce", "/", Now);

        record.IsValidFor("acme", TestData.NonceBinding, Now + AuthorizationState.Lifetime - TimeSpan.FromSeconds(1)).Should().BeTrue();
        record.IsValidFor("ACME", TestData.NonceBinding, Now).Should().BeTrue("provider names are route segments, matched as routes are");
        record.IsValidFor("acme", TestData.NonceBinding, Now + AuthorizationState.Lifetime).Should().BeFalse("it has expired");
        record.IsValidFor("globex", TestData.NonceBinding, Now).Should().BeFalse("it was started at another provider");
        record.IsValidFor("acme", RandomToken.New(), Now).Should().BeFalse("another browser's binding");
        record.IsValidFor("acme", null, Now).Should().BeFalse("no binding cookie");
    }
}
