using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth;
using GoogleLogin.Application.Auth.SignInNonces;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Users;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Users.LinkLogin;

public sealed class LinkLoginHandler(
    IEnumerable<IIdentityTokenVerifier> verifiers,
    IUserRepository users,
    ISessionRepository sessions,
    IdTokenNonceCheck nonceCheck,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : ICommandHandler<LinkLoginCommand, LoginDto>
{
    public async ValueTask<LoginDto> Handle(LinkLoginCommand command, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        // Checked first: a token sent from an old session is not used up, and can be sent again after a sign-in.
        var window = sessionOptions.Value.ReauthenticationWindow;
        var session = await sessions.FindByIdAsync(command.SessionId, cancellationToken);
        if (session is null || session.UserId != command.UserId || now - session.CreatedAt > window)
        {
            throw new ReauthenticationRequiredException(window);
        }

        var verifier = verifiers.Find(command.Provider)
            ?? throw new UnknownIdentityProviderException(command.Provider);
        var verified = await verifier.VerifyAsync(command.IdToken, cancellationToken);
        await nonceCheck.ConsumeAsync(verifier.Policy, verified.Nonce, command.Nonce, command.NonceBinding, cancellationToken);

        var identity = new ExternalIdentity(verified.Issuer, verified.Subject);
        var owner = await users.FindByExternalIdentityAsync(identity, cancellationToken);
        if (owner is not null && owner.Id != command.UserId)
        {
            throw new LoginBelongsToAnotherUserException(verifier.Policy.DisplayName);
        }

        var user = owner ?? await users.FindByIdAsync(command.UserId, cancellationToken) ?? throw new NotFoundException("User", command.UserId);
        if (user.Link(identity, verifier.Provider, verified.Email, now))
        {
            await publisher.Publish(new SecurityEventRaised(user.Id, SecurityEventType.LoginLinked, verifier.Provider), cancellationToken);
        }
        try
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }
        catch (ExternalIdentityAlreadyRegisteredException)
        {
            // A first sign-in of that very account registered it as a new user in the meantime.
            throw new LoginBelongsToAnotherUserException(verifier.Policy.DisplayName);
        }

        return LoginDto.From(user.Logins.Single(login => login.Identity == identity), verifier.Policy.DisplayName);
    }
}
