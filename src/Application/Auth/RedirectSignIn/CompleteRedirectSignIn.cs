using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.HoldPendingLink;
using GoogleLogin.Domain.Common;
using Mediator;

namespace GoogleLogin.Application.Auth.RedirectSignIn;

/// <summary>
/// The provider sent the browser back to the callback: finish the redirect its start began. The state is used
/// up, the code redeemed for an ID token, and then the token signs in (by <c>ValidateTokenAndObtainSession</c>'s
/// rules) or, for a redirect started to link, holds the account for the session that started it to confirm (by
/// <c>LinkLogin</c>'s rules; <c>HoldPendingLink</c>). Refusals are not thrown: the answer says what happened and where the browser goes.
/// </summary>
/// <param name="Error">The provider's <c>error</c> parameter: it sent the browser back without a code.</param>
/// <param name="Binding">The binding value of the browser's redirect pre-login cookie, if it sent one.</param>
/// <param name="RedirectUri">This application's callback URL for the provider, as the start sent it.</param>
/// <param name="PresentedSessionToken">The session cookie the browser sent, if any: that session ends when the new one begins.</param>
/// <param name="UserAgent">The browser's User-Agent, kept with a new session.</param>
/// <param name="IpAddress">The client address, kept with a new session.</param>
/// <param name="Issuer">The provider's <c>iss</c> parameter (RFC 9207), if it sent one.</param>
/// <param name="ErrorDescription">The provider's <c>error_description</c>, with <paramref name="Error"/>: logged, never shown.</param>
public sealed record CompleteRedirectSignInCommand(
    string Provider,
    string? Code,
    string? State,
    string? Error,
    string? Binding,
    Uri RedirectUri,
    string? PresentedSessionToken,
    string? UserAgent,
    string? IpAddress,
    string? Issuer = null,
    string? ErrorDescription = null) : ICommand<RedirectCompletion>
{
    // Records print their members; this one holds a code, a state and a session token.
    public override string ToString() => $"{nameof(CompleteRedirectSignInCommand)} {{ Provider = {Provider} }}";
}

/// <summary>How a redirect ended, and <see cref="ReturnUrl"/>, the page of this site the browser goes back to.</summary>
public abstract record RedirectCompletion(string ReturnUrl)
{
    /// <summary>A session was opened; the browser goes where the sign-in started.</summary>
    public sealed record SignedIn(SessionIssued Session, string ReturnUrl) : RedirectCompletion(ReturnUrl);

    /// <summary>
    /// The provider's account passed every rule of linking and waits, as <paramref name="PendingLinkId"/>, for the
    /// linking session to confirm it; nothing was linked and no session was opened.
    /// </summary>
    public sealed record LinkPending(Guid PendingLinkId, string ReturnUrl) : RedirectCompletion(ReturnUrl);

    /// <summary>The person signed in again in place with <paramref name="Provider"/>: the session that started it was renewed as this one.</summary>
    public sealed record Reauthenticated(SessionIssued Session, string Provider, string ReturnUrl) : RedirectCompletion(ReturnUrl);

    /// <summary>
    /// Nothing was signed in, linked or renewed. <paramref name="Refusal"/> says why (an exception of
    /// <c>Common/Exceptions</c>, or an unexpected one); <paramref name="Purpose"/> tells a link's or a
    /// re-authentication's failure, which goes back to the page it started from, from a sign-in's, which goes to the
    /// sign-in page.
    /// </summary>
    public sealed record Failed(Exception Refusal, string ReturnUrl, RedirectPurpose Purpose) : RedirectCompletion(ReturnUrl)
    {
        public bool WhileLinking => Purpose == RedirectPurpose.Link;
    }
}

/// <summary>What a redirect was started for, as its state says.</summary>
public enum RedirectPurpose
{
    SignIn,
    Link,
    Reauthenticate,
}

public sealed class CompleteRedirectSignInHandler(
    IEnumerable<IAuthorizationCodeClient> clients,
    IAuthorizationStateProtector stateProtector,
    IAuthorizationStateRepository states,
    ICommandHandler<ValidateTokenAndObtainSessionCommand, SessionIssued> signIn,
    ICommandHandler<HoldPendingLinkCommand, Guid> holdLink,
    TimeProvider timeProvider) : ICommandHandler<CompleteRedirectSignInCommand, RedirectCompletion>
{
    private const int MaxCodeLength = 4096;

    /// <summary>
    /// The longest sealed state opened. Attacker input: the longest this application seals (a return URL of
    /// <see cref="Domain.SignIn.AuthorizationState.ReturnUrlLength"/>) is about 3,500 characters.
    /// </summary>
    public const int MaxStateLength = 6144;

    /// <summary>Where a sign-in's failure is told: the sign-in page.</summary>
    public const string SignInPage = "/";

    public async ValueTask<RedirectCompletion> Handle(CompleteRedirectSignInCommand command, CancellationToken cancellationToken)
    {
        // Until the state is read, nothing says this was a link: the sign-in page tells the failure.
        Domain.SignIn.AuthorizationState? state = null;
        try
        {
            var client = clients.Find(command.Provider) ?? throw new UnknownIdentityProviderException(command.Provider);
            if (command.Error is not null)
            {
                // Read only to tell a link's page from the sign-in page, and not used up: without a code it is worth
                // nothing, and it expires unused. One that fails any check leaves the failure to the sign-in page.
                state = Open(command.State, client, command.Binding);
                throw new AuthorizationRefusedException(client.Provider, command.Error, command.ErrorDescription);
            }

            if (command.Code is not { Length: > 0 and <= MaxCodeLength } code)
            {
                throw new InvalidAuthorizationStateException();
            }

            // Checked before it is used up: a request from another browser leaves the state to its own.
            var found = Open(command.State, client, command.Binding);
            // So is an answer that names another issuer, or none where the provider sends one: another provider's
            // answer brought to this provider's callback (a mix-up, RFC 9207).
            if (found is null ||
                !await client.IsResponseIssuerAsync(command.Issuer, cancellationToken) ||
                !await states.TryRecordUseAsync(found, cancellationToken))
            {
                throw new InvalidAuthorizationStateException();
            }

            state = found;
            var (idToken, accessToken) = await client.ExchangeCodeAsync(code, state.CodeVerifier, command.RedirectUri, cancellationToken);

            // The sub-commands run their handlers directly, past the pipeline's validation of a browser's request:
            // the nonce and the session are this state's, and the token's one rule there, its length, is kept here.
            if (idToken.Length > Limits.IdTokenLength)
            {
                throw new IdentityTokenRejectedException("too_long");
            }

            if (state.LinkingSessionId is { } linkingSessionId)
            {
                // The session cookie (SameSite=Strict) does not come along on the provider's return: the
                // session is the one the state recorded at the start, in the browser the binding proves. A
                // cross-site return proves no more (a leaked authorization URL lets another send it with his own
                // code), so the account only waits for that session's page to confirm it.
                var pendingLinkId = await holdLink.Handle(
                    new HoldPendingLinkCommand(linkingSessionId, client.Provider, idToken, state.Nonce, command.Binding, accessToken),
                    cancellationToken);
                return new RedirectCompletion.LinkPending(pendingLinkId, state.ReturnUrl);
            }

            // As a sign-in, but only as the user of the session that started it, while it lives: it is renewed
            // (ended as the new one begins). The binding proved this is the browser that started it.
            var renewing = state.ReauthenticatingSessionId;

            var session = await signIn.Handle(
                new ValidateTokenAndObtainSessionCommand(
                    client.Provider,
                    idToken,
                    state.Nonce,
                    command.Binding,
                    command.PresentedSessionToken,
                    command.UserAgent,
                    command.IpAddress,
                    state.PresentedSessionHash,
                    accessToken,
                    renewing,
                    SignedInSince: renewing is null ? null : state.StartedAt),
                cancellationToken);
            return renewing is null
                ? new RedirectCompletion.SignedIn(session, state.ReturnUrl)
                : new RedirectCompletion.Reauthenticated(session, client.Provider, state.ReturnUrl);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var purpose = PurposeOf(state);
            return new RedirectCompletion.Failed(exception, purpose == RedirectPurpose.SignIn ? SignInPage : state!.ReturnUrl, purpose);
        }
    }

    private static RedirectPurpose PurposeOf(Domain.SignIn.AuthorizationState? state) => state switch
    {
        { LinkingSessionId: not null } => RedirectPurpose.Link,
        { ReauthenticatingSessionId: not null } => RedirectPurpose.Reauthenticate,
        _ => RedirectPurpose.SignIn,
    };

    /// <summary>The sealed state, when it is this application's, unaltered, unexpired, this provider's and this browser's.</summary>
    private Domain.SignIn.AuthorizationState? Open(string? sealedState, IAuthorizationCodeClient client, string? binding) =>
        sealedState is { Length: > 0 and <= MaxStateLength } &&
        stateProtector.Unprotect(sealedState) is { } found &&
        found.IsValidFor(client.Provider, binding, timeProvider.GetUtcNow())
            ? found
            : null;
}
