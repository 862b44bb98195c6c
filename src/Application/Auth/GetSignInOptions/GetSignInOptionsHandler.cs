using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Auth.GetSignInOptions;

public sealed class GetSignInOptionsHandler(ISignInProviderSettings settings) : IQueryHandler<GetSignInOptionsQuery, SignInOptions>
{
    public ValueTask<SignInOptions> Handle(GetSignInOptionsQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(settings.DevelopmentSignInActive
            // Google's button cannot work with the development client ID: the browser offers the test accounts instead.
            ? new SignInOptions(DevelopmentSignIn: true, GoogleClientIds: [], settings.RedirectProviders)
            : new SignInOptions(DevelopmentSignIn: false, [.. settings.GoogleClientIds], settings.RedirectProviders));
}
