using GoogleLogin.Application.Users.ListLogins;
using Mediator;

namespace GoogleLogin.Application.Users.LinkLogin;

public sealed class LinkLoginHandler(LoginLinking linking) : ICommandHandler<LinkLoginCommand, LoginDto>
{
    public async ValueTask<LoginDto> Handle(LinkLoginCommand command, CancellationToken cancellationToken)
    {
        // The page posted the token itself (same origin, X-CSRF): the person is here, so it links at once.
        var account = await linking.VerifyAsync(
            command.SessionId, command.Provider, command.IdToken, command.Nonce, command.NonceBinding, cancellationToken);
        return await linking.LinkAsync(account.User, account.Identity, account.Provider, account.ProviderDisplayName, account.Email, cancellationToken);
    }
}
