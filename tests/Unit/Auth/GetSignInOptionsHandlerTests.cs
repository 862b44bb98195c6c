using GoogleLogin.Application.Auth.GetSignInOptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class GetSignInOptionsHandlerTests
{
    private static Task<SignInOptions> HandleAsync(FixedSignInProviderSettings settings) =>
        new GetSignInOptionsHandler(settings).Handle(new GetSignInOptionsQuery(), CancellationToken.None).AsTask();

    [Fact]
    public async Task With_google_configured_the_accepted_client_ids_are_offered()
    {
        var options = await HandleAsync(new(DevelopmentSignInActive: false, ["web.apps.googleusercontent.com", "ios.apps.googleusercontent.com"]));

        options.DevelopmentSignIn.Should().BeFalse();
        options.GoogleClientIds.Should().Equal("web.apps.googleusercontent.com", "ios.apps.googleusercontent.com");
    }

    [Fact]
    public async Task With_development_sign_in_no_client_id_is_offered_since_googles_button_cannot_use_the_development_one()
    {
        var options = await HandleAsync(new(DevelopmentSignInActive: true, ["googlelogin-development.apps.googleusercontent.invalid"]));

        options.DevelopmentSignIn.Should().BeTrue();
        options.GoogleClientIds.Should().BeEmpty();
    }

    [Fact]
    public async Task The_providers_offering_the_redirect_sign_in_are_listed_in_either_mode()
    {
        RedirectSignInProvider[] providers = [new("acme", "Acme SSO")];

        (await HandleAsync(new(false, ["web.apps.googleusercontent.com"], providers))).RedirectProviders.Should().Equal(providers);
        (await HandleAsync(new(true, [], providers))).RedirectProviders.Should().Equal(providers);
    }
}
