using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using Mediator;

namespace GoogleLogin.Application.Auth.Reauthenticate;

/// <summary>
/// A sign-in by the sign-in's own rules (token, nonce, disabled accounts, the session limit), run directly as the
/// redirect's callback runs it, that renews the asking session instead of opening one beside it.
/// </summary>
public sealed class ReauthenticateHandler(ICommandHandler<ValidateTokenAndObtainSessionCommand, SessionIssued> signIn)
    : ICommandHandler<ReauthenticateCommand, SessionIssued>
{
    public ValueTask<SessionIssued> Handle(ReauthenticateCommand command, CancellationToken cancellationToken) =>
        signIn.Handle(
            new ValidateTokenAndObtainSessionCommand(
                command.Provider,
                command.IdToken,
                command.Nonce,
                command.NonceBinding,
                PresentedSessionToken: null,
                command.UserAgent,
                command.IpAddress,
                ReauthenticatingSessionId: command.SessionId),
            cancellationToken);
}
