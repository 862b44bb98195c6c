using Mediator;

namespace GoogleLogin.Application.Auth.IssueSignInNonce;

/// <summary>Issue a single-use nonce for the browser to pass to the identity provider before signing in.</summary>
public sealed record IssueSignInNonceCommand : ICommand<IssuedSignInNonce>;

/// <summary>The nonce value, which only the browser keeps, and when it stops being accepted.</summary>
public sealed record IssuedSignInNonce(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"{nameof(IssuedSignInNonce)} {{ ExpiresAt = {ExpiresAt:O} }}";
}
