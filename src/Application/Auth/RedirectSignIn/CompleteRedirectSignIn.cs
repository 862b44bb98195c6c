using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using Mediator;

namespace GoogleLogin.Application.Auth.RedirectSignIn;

/// <summary>
/// The provider sent the browser back with <paramref name="Code"/> and <paramref name="State"/>: use the
/// state up and redeem the code for an ID token, which <c>ValidateTokenAndObtainSession</c> then checks
/// as it checks every token.
/// </summary>
/// <param name="Binding">The binding value of the browser's redirect pre-login cookie, if it sent one.</param>
public sealed record CompleteRedirectSignInCommand(string Provider, string? Code, string? State, string? Binding, Uri RedirectUri)
    : ICommand<RedirectSignInCompleted>
{
    public override string ToString() => $"{nameof(CompleteRedirectSignInCommand)} {{ Provider = {Provider} }}";
}

/// <param name="IdToken">The provider's ID token, not yet verified.</param>
/// <param name="Nonce">The nonce sent with the authorization request: the token must carry it.</param>
/// <param name="ReturnUrl">Where to send the browser once signed in (a path of this site).</param>
/// <param name="PresentedSessionHash">The hash of the session the browser held when it started, to end with the new one's start.</param>
/// <param name="LinkingSessionId">Set when it was started to link the account to this session's user, not to sign in.</param>
public sealed record RedirectSignInCompleted(string IdToken, string Nonce, string ReturnUrl, byte[]? PresentedSessionHash, Guid? LinkingSessionId)
{
    public override string ToString() => nameof(RedirectSignInCompleted);
}

public sealed class CompleteRedirectSignInHandler(
    IEnumerable<IAuthorizationCodeClient> clients,
    IAuthorizationStateRepository states,
    TimeProvider timeProvider) : ICommandHandler<CompleteRedirectSignInCommand, RedirectSignInCompleted>
{
    private const int MaxCodeLength = 4096;

    public async ValueTask<RedirectSignInCompleted> Handle(CompleteRedirectSignInCommand command, CancellationToken cancellationToken)
    {
        var client = clients.Find(command.Provider)
            ?? throw new RedirectSignInFailedException(RedirectSignInFailedException.UnknownProvider);

        if (!RandomToken.IsWellFormed(command.State) || command.Code is not { Length: > 0 and <= MaxCodeLength } code)
        {
            throw new RedirectSignInFailedException(RedirectSignInFailedException.InvalidState);
        }

        // Checked before it is used up: a request from another browser leaves the state to its own.
        var hash = RandomToken.Hash(command.State);
        var state = await states.FindAsync(hash, cancellationToken);
        if (state is null || !state.IsValidFor(client.Provider, command.Binding, timeProvider.GetUtcNow()) ||
            !await states.TryRemoveAsync(hash, cancellationToken))
        {
            throw new RedirectSignInFailedException(RedirectSignInFailedException.InvalidState);
        }

        string idToken;
        try
        {
            idToken = await client.ExchangeCodeAsync(code, state.CodeVerifier, command.RedirectUri, cancellationToken);
        }
        catch (Exception exception) when (state.LinkingSessionId is not null && exception is RedirectSignInFailedException or IdentityProviderUnavailableException)
        {
            // The state is used up: a link goes back to its page to say so, not to the sign-in page.
            var failure = exception is RedirectSignInFailedException failed ? failed.Code : RedirectSignInFailedException.ProviderUnavailable;
            throw new RedirectSignInFailedException(failure, exception, state.ReturnUrl);
        }

        return new RedirectSignInCompleted(idToken, state.Nonce, state.ReturnUrl, state.PresentedSessionHash, state.LinkingSessionId);
    }
}
