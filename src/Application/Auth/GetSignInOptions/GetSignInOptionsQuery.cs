using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Auth.GetSignInOptions;

/// <summary>How users can sign in here: what the browser needs to offer sign-in, and the operator to see on start.</summary>
public sealed record GetSignInOptionsQuery : IQuery<SignInOptions>;

/// <param name="DevelopmentSignIn">The built-in development identity provider offers test accounts in Google's place.</param>
/// <param name="GoogleClientIds">The Google OAuth client IDs whose tokens are accepted; none while development sign-in is on.</param>
/// <param name="RedirectProviders">The other providers a browser can sign in with, by redirect.</param>
public sealed record SignInOptions(bool DevelopmentSignIn, IReadOnlyList<string> GoogleClientIds, IReadOnlyList<RedirectSignInProvider> RedirectProviders);
