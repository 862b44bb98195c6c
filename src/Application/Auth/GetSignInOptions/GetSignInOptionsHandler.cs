using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Auth.GetSignInOptions;

/// <summary>Lists the providers whose policy offers the browser a way to sign in; each provider says how.</summary>
public sealed class GetSignInOptionsHandler(IEnumerable<IIdentityTokenVerifier> verifiers, IDevelopmentSignIn developmentSignIn)
    : IQueryHandler<GetSignInOptionsQuery, SignInOptions>
{
    public ValueTask<SignInOptions> Handle(GetSignInOptionsQuery query, CancellationToken cancellationToken)
    {
        List<SignInProvider> providers = [];
        foreach (var verifier in verifiers)
        {
            var policy = verifier.Policy;
            if (policy.BrowserSignIn is { } browserSignIn)
            {
                providers.Add(new SignInProvider(verifier.Provider, policy.DisplayName, browserSignIn.Method, browserSignIn.ClientId));
            }
        }

        return ValueTask.FromResult(new SignInOptions(developmentSignIn.IsActive, providers));
    }
}
