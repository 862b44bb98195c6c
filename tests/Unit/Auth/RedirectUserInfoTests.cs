using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

/// <summary>How a redirect's userinfo answer fills the profile of its verified ID token.</summary>
public sealed class RedirectUserInfoTests
{
    private readonly FakeUserInfoClient _client = new();

    private Task<VerifiedIdentity> SupplementAsync(VerifiedIdentity verified, string? accessToken = "the-access-token") =>
        TestData.UserInfo(_client).SupplementAsync("acme", verified, accessToken, CancellationToken.None);

    private static VerifiedIdentity OnlySubject() =>
        TestData.Ada() with { Email = null, EmailVerified = false, GivenName = null, FamilyName = null, PictureUrl = null };

    private static UserInfo Answer(string? subject = "110169484474386276334", string? email = "ada@acme.example", bool verified = true) =>
        new(subject, email, verified, "Augusta", "King", "https://pictures.acme.example/ada");

    [Fact]
    public async Task Userinfo_fills_what_the_id_token_lacks_with_its_email_verified_as_the_provider_says()
    {
        _client.Answer = Answer();

        var identity = await SupplementAsync(OnlySubject());

        identity.Should().BeEquivalentTo(new
        {
            Email = "ada@acme.example",
            EmailVerified = true,
            GivenName = "Augusta",
            FamilyName = "King",
            PictureUrl = "https://pictures.acme.example/ada",
        });
        _client.AccessTokens.Should().Equal("the-access-token");
    }

    [Fact]
    public async Task The_id_token_s_claims_win_and_its_email_keeps_its_own_verification()
    {
        _client.Answer = Answer(email: "ada@example.com");
        var token = TestData.Ada(email: "ada@example.com") with { EmailVerified = false };

        var identity = await SupplementAsync(token);

        identity.Should().BeEquivalentTo(new { Email = "ada@example.com", EmailVerified = false, GivenName = "Ada", FamilyName = "Lovelace" },
            "the token's provider did not vouch for it (Google's rule, say): userinfo does not overrule that");
    }

    [Theory]
    [InlineData("another-subject")]
    [InlineData(null)]
    public async Task An_answer_about_another_subject_or_none_is_refused(string? subject)
    {
        _client.Answer = Answer(subject: subject);

        var refusal = await FluentActions.Awaiting(() => SupplementAsync(OnlySubject())).Should().ThrowAsync<IdentityTokenRejectedException>();
        refusal.Which.Reason.Should().Be("userinfo_subject_mismatch");
    }

    [Fact]
    public async Task Without_an_access_token_or_a_userinfo_endpoint_the_id_token_is_the_profile()
    {
        var token = OnlySubject();

        (await SupplementAsync(token, accessToken: null)).Should().Be(token);
        _client.AccessTokens.Should().BeEmpty("an ID token posted by the page comes with no access token");

        _client.Answer = null;
        (await SupplementAsync(token)).Should().Be(token);
    }

    [Fact]
    public async Task A_userinfo_endpoint_that_cannot_be_read_fails_the_sign_in()
    {
        _client.Failure = new IdentityProviderUnavailableException("acme", ProviderResource.UserInfoEndpoint);

        await FluentActions.Awaiting(() => SupplementAsync(OnlySubject())).Should().ThrowAsync<IdentityProviderUnavailableException>();
    }

    private sealed class FakeUserInfoClient : IAuthorizationCodeClient
    {
        public string Provider => "acme";

        /// <summary>What its userinfo endpoint answers; null for a provider without one.</summary>
        public UserInfo? Answer { get; set; }

        public Exception? Failure { get; set; }

        public List<string> AccessTokens { get; } = [];

        public Task<Uri> AuthorizationUrlAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> IsResponseIssuerAsync(string? responseIssuer, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<CodeRedemption> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<UserInfo?> ReadUserInfoAsync(string accessToken, CancellationToken cancellationToken)
        {
            AccessTokens.Add(accessToken);
            return Failure is null ? Task.FromResult(Answer) : Task.FromException<UserInfo?>(Failure);
        }
    }
}
