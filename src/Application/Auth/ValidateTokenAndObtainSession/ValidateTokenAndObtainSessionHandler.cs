using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using MapsterMapper;
using Mediator;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

public sealed class ValidateTokenAndObtainSessionHandler(
    IEnumerable<IIdentityTokenVerifier> verifiers,
    IUserRepository users,
    ISessionRepository sessions,
    IUnitOfWork unitOfWork,
    IMapper mapper,
    TimeProvider timeProvider,
    IOptions<SessionOptions> sessionOptions)
    : ICommandHandler<ValidateTokenAndObtainSessionCommand, SessionIssued>
{
    public async ValueTask<SessionIssued> Handle(ValidateTokenAndObtainSessionCommand command, CancellationToken cancellationToken)
    {
        var verifier = verifiers.FirstOrDefault(v => string.Equals(v.Provider, command.Provider, StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownIdentityProviderException(command.Provider);

        var identity = await verifier.VerifyAsync(command.IdToken, cancellationToken);
        if (command.Nonce is not null && !NonceMatches(command.Nonce, identity.Nonce))
        {
            throw new IdentityTokenRejectedException("nonce_mismatch");
        }

        try
        {
            return await SignInAsync(identity, command, cancellationToken);
        }
        catch (ExternalIdentityAlreadyRegisteredException)
        {
            // A parallel first sign-in of the same account won the insert. The user exists now,
            // so signing in again updates it instead of creating a second one.
            return await SignInAsync(identity, command, cancellationToken);
        }
    }

    private async Task<SessionIssued> SignInAsync(
        VerifiedIdentity verified,
        ValidateTokenAndObtainSessionCommand command,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var identity = new ExternalIdentity(verified.Issuer, verified.Subject);
        var profile = new UserProfile(
            verified.Email,
            verified.EmailVerified,
            verified.GivenName,
            verified.FamilyName,
            verified.PictureUrl,
            verified.HostedDomain);

        var user = await users.FindByExternalIdentityAsync(identity, cancellationToken);
        if (user is null)
        {
            user = User.Register(identity, profile, now);
            users.Add(user);
        }
        else if (!user.IsActive)
        {
            throw new UserInactiveException(user.Id);
        }
        else
        {
            user.RecordSignIn(profile, now);
        }

        // Always a fresh session: a session id planted before sign-in is never promoted (no fixation).
        var token = SessionToken.New();
        var session = Session.Open(user.Id, token, sessionOptions.Value.ToLifetime(), now, command.UserAgent, command.IpAddress);
        sessions.Add(session);

        await unitOfWork.SaveChangesAsync(cancellationToken);

        return new SessionIssued(mapper.Map<UserDto>(user), token.Value, session.ExpiresAt);
    }

    private static bool NonceMatches(string expected, string? actual) =>
        actual is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
