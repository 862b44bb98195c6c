using GoogleLogin.Application.Common.Interfaces;
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

        var (nonce, value) = SignInNonce.Issue(now);
        nonces.Add(nonce);
        await unitOfWork.SaveChangesAsync(cancellationToken);

        return new IssuedSignInNonce(value);
    }
}
