using GoogleLogin.Application.Audit.RecordSecurityEvent;
using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.SignInNonces;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Users;
using Mediator;

namespace GoogleLogin.Application.Users.LinkLogin;

public sealed class LinkLoginHandler(
    IEnumerable<IIdentityTokenVerifier> verifiers,
    IUserRepository users,
    RecentSignInCheck recentSignIn,
    IdTokenNonceCheck nonceCheck,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    TimeProvider timeProvider)
    : ICommandHandler<LinkLoginCommand, LoginDto>
{
    public async ValueTask<LoginDto> Handle(LinkLoginCommand command, CancellationToken cancellationToken)
    {
        // Checked first: a token sent from an old session is not used up, and can be sent again after a sign-in.
        var session = await recentSignIn.EnsureAsync(command.SessionId, cancellationToken);

        var verifier = verifiers.Find(command.Provider)
            ?? throw new UnknownIdentityProviderException(command.Provider);
        var verified = await verifier.VerifyAsync(command.IdToken, cancellationToken);
        await nonceCheck.ConsumeAsync(verifier.Policy, verified.Nonce, command.Nonce, command.NonceBinding, cancellationToken);

        var identity = new ExternalIdentity(verified.Issuer, verified.Subject);
        var owner = await users.FindByExternalIdentityAsync(identity, cancellationToken);
        if (owner is not null && owner.Id != session.UserId)
        {
            throw new LoginBelongsToAnotherUserException(verifier.Policy.DisplayName);
        }

        var user = owner ?? await users.FindByIdAsync(session.UserId, cancellationToken) ?? throw new NotFoundException("User", session.UserId);
        // Disabled while the person was at the provider, or within the session cache's latency.
        if (!user.IsActive)
        {
            throw new UserInactiveException(user.Id);
        }

        if (user.Link(identity, verifier.Provider, verified.Email, timeProvider.GetUtcNow()))
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
