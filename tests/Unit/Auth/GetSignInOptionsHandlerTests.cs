using GoogleLogin.Application.Auth.GetSignInOptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class GetSignInOptionsHandlerTests
{
    private static Task<SignInOptions> HandleAsync(bool developmentSignIn, params IIdentityTokenVerifier[] verifiers) =>
        new GetSignInOptionsHandler(verifiers, new DevelopmentSignInMode(developmentSignIn))
            .Handle(new GetSignInOptionsQuery(), CancellationToken.None).AsTask();

    private static FakeIdentityTokenVerifier Provider(string name, string displayName, BrowserSignIn? browserSignIn) =>
        new(name) { Policy = new IdentityProviderPolicy(displayName, RequireNonce: true, browserSignIn) };

    [Fact]
    public async Task Every_provider_whose_policy_offers_a_button_is_listed_in_order_with_how_it_signs_in()
    {
        var options = await HandleAsync(
            developmentSignIn: false,
            Provider("google", "Google", new BrowserSignIn(SignInMethod.GoogleButton, "web.apps.googleusercontent.com")),
            Provider("acme", "Acme SSO", new BrowserSignIn(SignInMethod.Redirect)));

        options.DevelopmentSignIn.Should().BeFalse();
        options.Providers.Should().Equal(
            new SignInProvider("google", "Google", SignInMethod.GoogleButton, "web.apps.googleusercontent.com"),
            new SignInProvider("acme", "Acme SSO", SignInMethod.Redirect, null));
    }

    [Fact]
    public async Task A_provider_that_offers_no_button_is_not_listed()
    {
        var options = await HandleAsync(developmentSignIn: false, Provider("native", "Native app", browserSignIn: null));

        options.Providers.Should().BeEmpty();
    }

    [Fact]
    public async Task Development_sign_in_is_said_whatever_the_providers()
    {
        var options = await HandleAsync(developmentSignIn: true, Provider("development", "the development provider", new BrowserSignIn(SignInMethod.Redirect)));

        options.DevelopmentSignIn.Should().BeTrue();
        options.Providers.Should().ContainSingle().Which.Name.Should().Be("development");
    }

    private sealed record DevelopmentSignInMode(bool IsActive) : IDevelopmentSignIn;
}
