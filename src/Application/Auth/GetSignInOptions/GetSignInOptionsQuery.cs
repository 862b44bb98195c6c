using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Auth.GetSignInOptions;

/// <summary>How users can sign in here: what the browser needs to offer sign-in, and the operator to see on start.</summary>
public sealed record GetSignInOptionsQuery : IQuery<SignInOptions>;

/// <param name="DevelopmentSignIn">The built-in development identity provider offers test accounts in Google's place.</param>
/// <param name="Providers">Every provider the sign-in page offers, one button each, in the order they are configured.</param>
public sealed record SignInOptions(bool DevelopmentSignIn, IReadOnlyList<SignInProvider> Providers);

/// <param name="Name">The route name: <c>/api/auth/&lt;name&gt;</c>.</param>
/// <param name="DisplayName">The provider's name as people know it.</param>
/// <param name="Method">How the browser signs in with it.</param>
/// <param name="ClientId">For Google's button, the client ID it runs with.</param>
public sealed record SignInProvider(string Name, string DisplayName, SignInMethod Method, string? ClientId);
