using Mediator;

namespace GoogleLogin.Application.Auth.IssueSignInNonce;

/// <summary>Issue a single-use nonce for the browser to pass to the identity provider before signing in.</summary>
public sealed record IssueSignInNonceCommand : ICommand<IssuedSignInNonce>;

/// <summary>The nonce value, which only the browser keeps.</summary>
public sealed record IssuedSignInNonce(string Value)
{
    // Records print their members; the value must not reach a log line.
    public override string ToString() => nameof(IssuedSignInNonce);
}
