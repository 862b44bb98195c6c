using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using Mediator;

namespace GoogleLogin.Application.Auth.IssueSignInNonce;

public sealed class IssueSignInNonceHandler(
    ISignInNonceRepository nonces,
    IUnitOfWork unitOfWork,
    TimeProvider timeProvider) : ICommandHandler<IssueSignInNonceCommand, IssuedSignInNonce>
{
    public async ValueTask<IssuedSignInNonce> Handle(IssueSignInNonceCommand command, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        // A value of another shape was not made here: replace it rather than store the hash of junk.
        var binding = RandomToken.IsWellFormed(command.Binding) ? command.Binding : RandomToken.New();
        var (nonce, value) = SignInNonce.Issue(now, binding);
        nonces.Add(nonce);
        await unitOfWork.SaveChangesAsync(cancellationToken);

        return new IssuedSignInNonce(value, binding);
    }
}
