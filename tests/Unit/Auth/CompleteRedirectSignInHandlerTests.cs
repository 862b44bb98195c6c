using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
using GoogleLogin.Application.Users.HoldPendingLink;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Tests.Unit.Fakes;
using Mediator;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class CompleteRedirectSignInHandlerTests
{
    private static readonly Uri Callback = new("https://app.example/api/auth/acme/callback");

    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly InMemoryStore _store = new();
    private readonly FakeCodeClient _client = new();
    private readonly FakeStateProtector _states = new();
    private readonly RecordingHandler<ValidateTokenAndObtainSessionCommand, SessionIssued> _signIn =
        new(_ => new SessionIssued(
            new UserDto { Id = Guid.NewGuid(), Email = "ada@example.com", FirstName = "Ada", LastName = null, PictureUrl = null },
            "session-token",
            TestData.Now.AddDays(14),
            TestData.Now));
    private static readonly Guid PendingLinkId = Guid.NewGuid();
    private readonly RecordingHandler<HoldPendingLinkCommand, Guid> _link = new(_ => PendingLinkId);

    private CompleteRedirectSignInHandler Handler() => new([_client], _states, _store, _signIn, _link, _time);

    private string StoreState(Guid? linkingSessionId = null, string returnUrl = "/account", byte[]? presentedSessionHash = null) =>
        _states.Protect(linkingSessionId is { } sessionId
            ? AuthorizationState.StartLinking("acme", TestData.NonceBinding, "the-nonce", returnUrl, TestData.Now, sessionId)
            : AuthorizationState.Start("acme", TestData.NonceBinding, "the-nonce", returnUrl, TestData.Now, presentedSessionHash));

    private static CompleteRedirectSignInCommand Callback_(
        string? state, string? code = "the-code", string? error = null, string? binding = TestData.NonceBinding, string provider = "acme", string? issuer = null) =>
        new(provider, code, state, error, binding, Callback, PresentedSessionToken: null, UserAgent: "Firefox", IpAddress: "203.0.113.7", Issuer: issuer);

    [Fact]
    public async Task A_sign_in_uses_up_the_state_redeems_the_code_and_signs_in_with_the_state_s_nonce_and_session()
    {
        var presented = RandomToken.Hash(RandomToken.New());
        var state = StoreState(returnUrl: "/welcome", presentedSessionHash: presented);

        var completion = await Handler().Handle(Callback_(state), CancellationToken.None);

        var signedIn = completion.Should().BeOfType<RedirectCompletion.SignedIn>().Subject;
        signedIn.ReturnUrl.Should().Be("/welcome");
        signedIn.Session.SessionToken.Should().Be("session-token");
        _store.UsedAuthorizationStates.Should().ContainSingle("a state works once");
        _client.Exchanges.Should().ContainSingle().Which.Should().Be(("the-code", Callback));
        var command = _signIn.Commands.Should().ContainSingle().Subject;
        command.Should().BeEquivalentTo(new
        {
            Provider = "acme",
            IdToken = FakeCodeClient.IdToken,
            AccessToken = FakeCodeClient.AccessToken,
            Nonce = "the-nonce",
            NonceBinding = TestData.NonceBinding,
            UserAgent = "Firefox",
            IpAddress = "203.0.113.7",
            PresentedSessionHash = presented,
        });
        _link.Commands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_state_started_to_link_holds_the_account_for_the_session_that_started_it_and_opens_no_session()
    {
        var linkingSession = Guid.NewGuid();
        var state = StoreState(linkingSession, returnUrl: "/account");

        var completion = await Handler().Handle(Callback_(state), CancellationToken.None);

        completion.Should().BeEquivalentTo(new RedirectCompletion.LinkPending(PendingLinkId, "/account"));
        _link.Commands.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            SessionId = linkingSession,
            Provider = "acme",
            IdToken = FakeCodeClient.IdToken,
            AccessToken = FakeCodeClient.AccessToken,
            Nonce = "the-nonce",
            NonceBinding = TestData.NonceBinding,
        });
        _signIn.Commands.Should().BeEmpty();
    }

    [Theory]
    [InlineData("access_denied", true)]
    [InlineData("temporarily_unavailable", false)]
    public async Task A_provider_s_error_during_a_link_goes_back_to_its_page_and_leaves_the_state_unused(string error, bool declined)
    {
        var state = StoreState(Guid.NewGuid());

        var completion = await Handler().Handle(Callback_(state, code: null, error: error), CancellationToken.None);

        var failed = completion.Should().BeOfType<RedirectCompletion.Failed>().Subject;
        failed.Refusal.Should().BeOfType<AuthorizationRefusedException>().Which.Declined.Should().Be(declined);
        failed.Should().BeEquivalentTo(new { ReturnUrl = "/account", WhileLinking = true });
        _store.UsedAuthorizationStates.Should().BeEmpty();
        _client.Exchanges.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null, TestData.NonceBinding)]
    [InlineData("not-a-state", TestData.NonceBinding)]
    [InlineData("link", "another-binding")]
    public async Task A_provider_s_error_with_a_state_that_fails_its_checks_goes_to_the_sign_in_page(string? state, string binding)
    {
        var sealedState = state == "link" ? StoreState(Guid.NewGuid()) : state;

        var completion = await Handler().Handle(Callback_(sealedState, code: null, error: "access_denied", binding: binding), CancellationToken.None);

        var failed = completion.Should().BeOfType<RedirectCompletion.Failed>().Subject;
        failed.Refusal.Should().BeOfType<AuthorizationRefusedException>();
        failed.Should().BeEquivalentTo(new { ReturnUrl = CompleteRedirectSignInHandler.SignInPage, WhileLinking = false });
    }

    [Fact]
    public async Task An_unknown_provider_fails_to_the_sign_in_page()
    {
        var completion = await Handler().Handle(Callback_(StoreState(), provider: "nobody"), CancellationToken.None);

        completion.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<UnknownIdentityProviderException>();
    }

    [Fact]
    public async Task Another_browser_s_callback_fails_and_leaves_the_state_to_its_own_browser()
    {
        var state = StoreState(Guid.NewGuid());

        var completion = await Handler().Handle(Callback_(state, binding: RandomToken.New()), CancellationToken.None);

        var failed = completion.Should().BeOfType<RedirectCompletion.Failed>().Subject;
        failed.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
        failed.Should().BeEquivalentTo(new { ReturnUrl = CompleteRedirectSignInHandler.SignInPage, WhileLinking = false });
        _store.UsedAuthorizationStates.Should().BeEmpty();
        _client.Exchanges.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null, "the-code")]
    [InlineData("not-a-state", "the-code")]
    [InlineData("", "the-code")]
    [InlineData("x", null)]
    public async Task A_malformed_state_or_missing_code_fails_before_anything_is_read(string? state, string? code)
    {
        var completion = await Handler().Handle(Callback_(state, code), CancellationToken.None);

        completion.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
    }

    [Fact]
    public async Task An_answer_naming_another_issuer_or_none_where_the_provider_sends_one_fails_before_its_code_is_redeemed_and_leaves_the_state_unused()
    {
        var state = StoreState();

        var otherIssuer = await Handler().Handle(Callback_(state, issuer: "https://evil.example"), CancellationToken.None);
        _client.SendsIssuer = true;
        var noIssuer = await Handler().Handle(Callback_(state), CancellationToken.None);
        var itsIssuer = await Handler().Handle(Callback_(state, issuer: FakeCodeClient.Issuer), CancellationToken.None);

        otherIssuer.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
        noIssuer.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
        itsIssuer.Should().BeOfType<RedirectCompletion.SignedIn>();
        _client.Exchanges.Should().ContainSingle();
    }

    [Fact]
    public async Task A_state_longer_than_any_sealed_here_is_not_opened()
    {
        var record = AuthorizationState.Start("acme", TestData.NonceBinding, "the-nonce", "/", TestData.Now);
        _states.Sealed[new string('a', CompleteRedirectSignInHandler.MaxStateLength)] = record;
        _states.Sealed[new string('a', CompleteRedirectSignInHandler.MaxStateLength + 1)] = record;

        var tooLong = await Handler().Handle(Callback_(new string('a', CompleteRedirectSignInHandler.MaxStateLength + 1)), CancellationToken.None);
        var longest = await Handler().Handle(Callback_(new string('a', CompleteRedirectSignInHandler.MaxStateLength)), CancellationToken.None);

        tooLong.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
        longest.Should().BeOfType<RedirectCompletion.SignedIn>();
    }

    [Fact]
    public async Task A_used_or_expired_state_fails()
    {
        var state = StoreState();
        (await Handler().Handle(Callback_(state), CancellationToken.None)).Should().BeOfType<RedirectCompletion.SignedIn>();

        var again = await Handler().Handle(Callback_(state), CancellationToken.None);
        var expired = StoreState();
        _time.Advance(AuthorizationState.Lifetime);
        var late = await Handler().Handle(Callback_(expired), CancellationToken.None);

        again.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
        late.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidAuthorizationStateException>();
    }

    [Fact]
    public async Task A_link_s_failure_after_its_state_is_read_goes_back_to_the_page_it_started_from()
    {
        _client.Failure = new CodeExchangeFailedException("refused");
        var exchangeFails = await Handler().Handle(Callback_(StoreState(Guid.NewGuid(), returnUrl: "/account")), CancellationToken.None);
        _client.Failure = null;
        _link.Failure = new LoginBelongsToAnotherUserException("Acme");
        var linkRefused = await Handler().Handle(Callback_(StoreState(Guid.NewGuid(), returnUrl: "/account")), CancellationToken.None);

        exchangeFails.Should().BeEquivalentTo(new { ReturnUrl = "/account", WhileLinking = true });
        exchangeFails.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<CodeExchangeFailedException>();
        linkRefused.Should().BeEquivalentTo(new { ReturnUrl = "/account", WhileLinking = true });
        linkRefused.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<LoginBelongsToAnotherUserException>();
    }

    [Fact]
    public async Task A_sign_in_s_failure_goes_to_the_sign_in_page_whatever_its_return_url()
    {
        _signIn.Failure = new EmailAlreadyRegisteredException("google", "Google", "Acme");

        var completion = await Handler().Handle(Callback_(StoreState(returnUrl: "/account")), CancellationToken.None);

        completion.Should().BeEquivalentTo(new { ReturnUrl = CompleteRedirectSignInHandler.SignInPage, WhileLinking = false });
        completion.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<EmailAlreadyRegisteredException>();
    }

    [Fact]
    public async Task A_token_longer_than_any_id_token_is_rejected_before_it_is_verified()
    {
        _client.IdTokenAnswered = new string('a', Limits.IdTokenLength + 1);

        var completion = await Handler().Handle(Callback_(StoreState()), CancellationToken.None);

        completion.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<IdentityTokenRejectedException>();
        _signIn.Commands.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unexpected_fault_is_answered_as_a_failure_not_thrown()
    {
        _signIn.Failure = new InvalidOperationException("the database went away");

        var completion = await Handler().Handle(Callback_(StoreState()), CancellationToken.None);

        completion.Should().BeOfType<RedirectCompletion.Failed>().Which.Refusal.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task A_browser_that_went_away_cancels_instead_of_failing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _client.Failure = new OperationCanceledException(cancelled.Token);

        var completing = async () => await Handler().Handle(Callback_(StoreState()), cancelled.Token);

        await completing.Should().ThrowAsync<OperationCanceledException>();
    }

    private sealed class FakeCodeClient : IAuthorizationCodeClient
    {
        public const string IdToken = "header.payload.signature";

        /// <summary>The access token its token endpoint answers with, for the sign-in to read userinfo with.</summary>
        public const string AccessToken = "the-access-token";

        public string Provider => "acme";

        public List<(string Code, Uri RedirectUri)> Exchanges { get; } = [];

        public Exception? Failure { get; set; }

        public string IdTokenAnswered { get; set; } = IdToken;

        public const string Issuer = "https://acme.example";

        /// <summary>Whether its discovery document says its answers carry <c>iss</c>.</summary>
        public bool SendsIssuer { get; set; }

        public Task<Uri> AuthorizationUrlAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The callback never starts a sign-in.");

        public Task<bool> IsResponseIssuerAsync(string? responseIssuer, CancellationToken cancellationToken) =>
            Task.FromResult(responseIssuer is null ? !SendsIssuer : responseIssuer == Issuer);

        public Task<CodeRedemption> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken)
        {
            Exchanges.Add((code, redirectUri));
            return Failure is null ? Task.FromResult(new CodeRedemption(IdTokenAnswered, AccessToken)) : Task.FromException<CodeRedemption>(Failure);
        }

        public Task<UserInfo?> ReadUserInfoAsync(string accessToken, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The sign-in and the link read userinfo, after the token verifies.");
    }

    private sealed class RecordingHandler<TCommand, TResult>(Func<TCommand, TResult> answer) : ICommandHandler<TCommand, TResult>
        where TCommand : ICommand<TResult>
    {
        public List<TCommand> Commands { get; } = [];

        public Exception? Failure { get; set; }

        public ValueTask<TResult> Handle(TCommand command, CancellationToken cancellationToken)
        {
            Commands.Add(command);
            return Failure is null ? ValueTask.FromResult(answer(command)) : ValueTask.FromException<TResult>(Failure);
        }
    }
}
