using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class StartRedirectSignInHandlerTests
{
    private static readonly Uri Callback = new("https://app.example/api/auth/acme/callback");

    private readonly SessionScenario _given = new();
    private readonly FakeCodeClient _client = new();
    private readonly FakeStateProtector _states = new();
    private readonly StartRedirectSignInHandler _handler;

    public StartRedirectSignInHandlerTests() => _handler = new StartRedirectSignInHandler(
        [_client],
        _states,
        _given.Store,
        new RecentSignInCheck(_given.Store, _given.Time, TestData.SessionOptions()),
        _given.Time);

    private static StartRedirectSignInCommand Start(
        string provider = "acme",
        string? returnUrl = "/account",
        string? binding = TestData.NonceBinding,
        string? presentedSessionToken = null,
        Guid? linkingSessionId = null) =>
        new(provider, returnUrl, binding, Callback, presentedSessionToken, linkingSessionId);

    private Task<RedirectSignInStarted> StartAsync(StartRedirectSignInCommand command) => _handler.Handle(command, CancellationToken.None).AsTask();

    [Fact]
    public async Task A_sign_in_seals_its_state_bound_to_the_browser_writes_nothing_and_sends_the_provider_its_nonce_and_PKCE_challenge()
    {
        var now = _given.Time.GetUtcNow();

        var started = await StartAsync(Start());

        started.AuthorizationUrl.Should().Be(FakeCodeClient.AuthorizationEndpoint);
        started.Binding.Should().Be(TestData.NonceBinding);
        var request = _client.Requests.Should().ContainSingle().Subject;
        request.RedirectUri.Should().Be(Callback);
        request.SelectAccount.Should().BeFalse();
        var record = _states.Sealed.Should().ContainSingle().Subject.Value;
        _states.Sealed.Should().ContainKey(request.State, "the state parameter is the sealed state");
        record.BindingHash.Should().Equal(RandomToken.Hash(TestData.NonceBinding));
        record.IsValidFor("acme", TestData.NonceBinding, now).Should().BeTrue();
        record.IsValidFor("acme", RandomToken.New(), now).Should().BeFalse("another browser cannot finish it");
        record.Provider.Should().Be("acme");
        record.Nonce.Should().Be(request.Nonce);
        record.CodeChallenge.Should().Be(request.CodeChallenge);
        record.CodeVerifier.Should().NotBe(request.CodeChallenge, "the verifier itself goes only to the token endpoint");
        record.ExpiresAt.Should().Be(now + AuthorizationState.Lifetime);
        record.LinkingSessionId.Should().BeNull();
        record.PresentedSessionHash.Should().BeNull();
        _given.Store.SaveCount.Should().Be(0, "a start writes nothing");
    }

    [Fact]
    public async Task The_nonce_is_bound_to_the_browser_and_lives_as_long_as_the_state()
    {
        var now = _given.Time.GetUtcNow();

        var started = await StartAsync(Start());

        var nonce = _client.Requests.Single().Nonce;
        SignInNonce.Check(nonce, started.Binding, _given.Store.NonceKey, now + AuthorizationState.Lifetime - TimeSpan.FromTicks(1)).Check.Should().Be(SignInNonceCheck.Valid);
        SignInNonce.Check(nonce, started.Binding, _given.Store.NonceKey, now + AuthorizationState.Lifetime).Check.Should().Be(SignInNonceCheck.Expired);
        SignInNonce.Check(nonce, RandomToken.New(), _given.Store.NonceKey, now).Check.Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
        _given.Store.Nonces.Should().BeEmpty("issuing a nonce writes nothing");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("not base64url but the right length: 0123456")]
    public async Task A_browser_without_a_well_formed_binding_gets_a_new_random_one(string? binding)
    {
        var started = await StartAsync(Start(binding: binding));

        started.Binding.Should().NotBe(binding);
        RandomToken.IsWellFormed(started.Binding).Should().BeTrue();
        _states.Sealed.Values.Single().IsValidFor("acme", started.Binding, _given.Time.GetUtcNow()).Should().BeTrue();
    }

    [Fact]
    public async Task Two_tabs_of_one_browser_keep_its_binding_and_get_states_of_their_own()
    {
        var first = await StartAsync(Start(binding: null));

        var second = await StartAsync(Start(binding: first.Binding));

        second.Binding.Should().Be(first.Binding);
        _client.Requests.Select(r => r.State).Should().OnlyHaveUniqueItems();
        _client.Requests.Select(r => r.Nonce).Should().OnlyHaveUniqueItems();
        _states.Sealed.Values.Should().HaveCount(2).And.OnlyContain(s => s.IsValidFor("acme", first.Binding, _given.Time.GetUtcNow()));
    }

    [Theory]
    [InlineData("/account?tab=logins", "/account?tab=logins")]
    [InlineData(null, "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/api/auth/acme/start", "/")]
    public async Task The_return_url_is_kept_only_as_a_path_of_this_site(string? returnUrl, string kept)
    {
        await StartAsync(Start(returnUrl: returnUrl));

        _states.Sealed.Values.Single().ReturnUrl.Should().Be(kept);
    }

    [Fact]
    public async Task The_session_the_browser_holds_is_kept_by_its_hash_to_end_when_the_new_one_begins()
    {
        var token = SessionToken.New();

        await StartAsync(Start(presentedSessionToken: token.Value));
        await StartAsync(Start(presentedSessionToken: "junk"));

        _states.Sealed.Values.Select(s => s.PresentedSessionHash).Should().BeEquivalentTo([token.Hash(), null], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_and_seals_nothing()
    {
        var start = () => StartAsync(Start(provider: "nobody"));

        (await start.Should().ThrowAsync<UnknownIdentityProviderException>()).Which.Provider.Should().Be("nobody");
        _client.Requests.Should().BeEmpty();
        _states.Sealed.Values.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task The_provider_is_found_whatever_the_case_of_its_route_name()
    {
        await StartAsync(Start(provider: "ACME"));

        _states.Sealed.Values.Single().IsValidFor("acme", TestData.NonceBinding, _given.Time.GetUtcNow()).Should().BeTrue();
    }

    [Fact]
    public async Task A_provider_that_cannot_give_its_url_fails_and_writes_nothing()
    {
        _client.Failure = new IdentityProviderUnavailableException("acme", ProviderResource.DiscoveryDocument);

        var start = () => StartAsync(Start());

        await start.Should().ThrowAsync<IdentityProviderUnavailableException>();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Linking_from_a_recent_session_stores_that_session_and_asks_the_provider_to_let_the_person_choose_the_account()
    {
        var session = _given.OpenSession(_given.User);

        await StartAsync(Start(linkingSessionId: session.Id, presentedSessionToken: SessionToken.New().Value));

        _client.Requests.Should().ContainSingle().Which.SelectAccount.Should().BeTrue();
        var record = _states.Sealed.Values.Should().ContainSingle().Subject;
        record.LinkingSessionId.Should().Be(session.Id);
        record.PresentedSessionHash.Should().BeNull("a link ends no session");
    }

    [Fact]
    public async Task Linking_from_a_session_older_than_the_reauthentication_window_is_refused_before_the_provider_is_asked()
    {
        var session = _given.OpenSession(_given.User);
        var window = TestData.SessionOptions().Value.ReauthenticationWindow;
        _given.Time.SetUtcNow(session.CreatedAt + window + TimeSpan.FromTicks(1));

        var start = () => StartAsync(Start(linkingSessionId: session.Id));

        (await start.Should().ThrowAsync<ReauthenticationRequiredException>()).Which.Window.Should().Be(window);
        _client.Requests.Should().BeEmpty();
        _states.Sealed.Values.Should().BeEmpty();
        _given.Store.SaveCount.Should().Be(0);
    }

    [Fact]
    public async Task Linking_from_an_unknown_or_revoked_session_is_refused()
    {
        var revoked = _given.OpenSession(_given.User);
        revoked.Revoke(_given.Time.GetUtcNow());

        var unknown = () => StartAsync(Start(linkingSessionId: Guid.NewGuid()));
        var fromRevoked = () => StartAsync(Start(linkingSessionId: revoked.Id));

        await unknown.Should().ThrowAsync<ReauthenticationRequiredException>();
        await fromRevoked.Should().ThrowAsync<ReauthenticationRequiredException>();
        _states.Sealed.Values.Should().BeEmpty();
    }

    [Fact]
    public void Neither_the_command_nor_its_answer_prints_a_secret()
    {
        var command = Start(presentedSessionToken: SessionToken.New().Value);
        var started = new RedirectSignInStarted(new Uri("https://acme.example/authorize?state=secret"), TestData.NonceBinding);

        command.ToString().Should().Be("StartRedirectSignInCommand { Provider = acme }");
        started.ToString().Should().Be(nameof(RedirectSignInStarted));
    }

    private sealed class FakeCodeClient : IAuthorizationCodeClient
    {
        public static readonly Uri AuthorizationEndpoint = new("https://acme.example/authorize?client_id=app");

        public string Provider => "acme";

        public List<AuthorizationRequest> Requests { get; } = [];

        public Exception? Failure { get; set; }

        public Task<Uri> AuthorizationUrlAsync(AuthorizationRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Failure is null ? Task.FromResult(AuthorizationEndpoint) : Task.FromException<Uri>(Failure);
        }

        public Task<bool> IsResponseIssuerAsync(string? responseIssuer, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Starting a sign-in reads no answer.");

        public Task<CodeRedemption> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Starting a sign-in redeems no code.");

        public Task<UserInfo?> ReadUserInfoAsync(string accessToken, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Starting a sign-in reads no userinfo.");
    }
}
