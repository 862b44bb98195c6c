using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using Mediator;

namespace GoogleLogin.Application.Auth.RedirectSignIn;

/// <summary>Start a redirect sign-in at <paramref name="Provider"/>: seal its state, and say where to send the browser.</summary>
/// <param name="ReturnUrl">Where to go once signed in; anything but a path of this site becomes <c>/</c>.</param>
/// <param name="Binding">The binding value of the browser's redirect pre-login cookie, if it has one.</param>
/// <param name="RedirectUri">This application's callback URL for the provider.</param>
/// <param name="PresentedSessionToken">The session cookie the browser sent, if any: that session ends when the new one begins.</param>
/// <param name="LinkingSessionId">
/// To link the provider's account to this session's user instead of signing in: the session must be recent
/// (<see cref="SessionOptions.ReauthenticationWindow"/>) now and again when the browser comes back.
/// </param>
/// <param name="ReauthenticatingSessionId">
/// To sign in again in place and renew this session (<see cref="Reauthenticate.ReauthenticateCommand"/>'s redirect
/// twin): the provider is asked for a fresh sign-in, and the callback renews the session when it is still live
/// and the account is one of its user's logins.
/// </param>
public sealed record StartRedirectSignInCommand(
    string Provider,
    string? ReturnUrl,
    string? Binding,
    Uri RedirectUri,
    string? PresentedSessionToken = null,
    Guid? LinkingSessionId = null,
    Guid? ReauthenticatingSessionId = null)
    : ICommand<RedirectSignInStarted>
{
    public override string ToString() => $"{nameof(StartRedirectSignInCommand)} {{ Provider = {Provider} }}";
}

/// <param name="AuthorizationUrl">The provider's authorization endpoint with this sign-in's parameters.</param>
/// <param name="Binding">The value the browser's redirect pre-login cookie must carry back to the callback.</param>
public sealed record RedirectSignInStarted(Uri AuthorizationUrl, string Binding)
{
    public override string ToString() => nameof(RedirectSignInStarted);
}

public sealed class StartRedirectSignInHandler(
    IEnumerable<IAuthorizationCodeClient> clients,
    IAuthorizationStateProtector stateProtector,
    ISignInNonceKeyStore nonceKeys,
    RecentSignInCheck recentSignIn,
    TimeProvider timeProvider) : ICommandHandler<StartRedirectSignInCommand, RedirectSignInStarted>
{
    public async ValueTask<RedirectSignInStarted> Handle(StartRedirectSignInCommand command, CancellationToken cancellationToken)
    {
        var client = clients.Find(command.Provider)
            ?? throw new UnknownIdentityProviderException(command.Provider);

        // Refused here already, before the person goes through the provider for nothing.
        if (command.LinkingSessionId is { } linkingSessionId)
        {
            await recentSignIn.EnsureAsync(linkingSessionId, cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        // Kept while the cookie lives, so two tabs signing in at once both finish.
        var binding = RandomToken.IsWellFormed(command.Binding) ? command.Binding : RandomToken.New();
        // A nonce like the button's, bound to the same browser, living as long as the state: the ID token's
        // check at the callback is the one every sign-in gets.
        var nonce = SignInNonce.Issue(now, binding, await nonceKeys.GetKeyAsync(cancellationToken), AuthorizationState.Lifetime);
        var state = (command.LinkingSessionId, command.ReauthenticatingSessionId) switch
        {
            ({ } linking, null) => AuthorizationState.StartLinking(client.Provider, binding, nonce, command.ReturnUrl, now, linking),
            (null, { } renewed) => AuthorizationState.StartReauthenticating(client.Provider, binding, nonce, command.ReturnUrl, now, renewed),
            _ => AuthorizationState.Start(
                client.Provider,
                binding,
                nonce,
                command.ReturnUrl,
                now,
                SessionToken.TryParse(command.PresentedSessionToken, out var token) ? token.Hash() : null),
        };

        // Nothing is stored: the state travels sealed, as the state parameter itself, so a start costs no write
        // (anyone may start one) and any instance can finish it.
        var url = await client.AuthorizationUrlAsync(
            new AuthorizationRequest(
                command.RedirectUri,
                stateProtector.Protect(state),
                nonce,
                state.CodeChallenge,
                SelectAccount: state.LinkingSessionId is not null,
                FreshSignIn: state.ReauthenticatingSessionId is not null),
            cancellationToken);
        return new RedirectSignInStarted(url, binding);
    }
}
