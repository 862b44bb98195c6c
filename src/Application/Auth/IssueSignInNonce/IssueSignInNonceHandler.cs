using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using Mediator;

namespace GoogleLogin.Application.Auth.IssueSignInNonce;

/// <summary>Issues a nonce without writing anything: it carries its own proof (see <see cref="SignInNonce"/>).</summary>
public sealed class IssueSignInNonceHandler(
    ISignInNonceKeyStore keys,
    TimeProvider timeProvider) : ICommandHandler<IssueSignInNonceCommand, IssuedSignInNonce>
{
    public async ValueTask<IssuedSignInNonce> Handle(IssueSignInNonceCommand command, CancellationToken cancellationToken)
    {
        // A value of another shape was not made here: replace it rather than bind a nonce to junk.
        var binding = RandomToken.IsWellFormed(command.Binding) ? command.Binding : RandomToken.New();
        var value = SignInNonce.Issue(timeProvider.GetUtcNow(), binding, await keys.GetKeyAsync(cancellationToken));
        return new IssuedSignInNonce(value, binding);
    }
}
