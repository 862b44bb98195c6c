using Mediator;

namespace GoogleLogin.Application.Auth.IssueSignInNonce;

/// <summary>Issue a single-use nonce for the browser to pass to the identity provider before signing in.</summary>
/// <param name="Binding">
/// The binding value from the browser's pre-login cookie, if it has one. Reused, so that every tab of
/// one browser shares one binding and a second tab's nonce does not strand the first tab's.
/// </param>
public sealed record IssueSignInNonceCommand(string? Binding = null) : ICommand<IssuedSignInNonce>
{
    public override string ToString() => nameof(IssueSignInNonceCommand);
}

/// <summary>The nonce value, which only the browser keeps, and the binding its pre-login cookie must carry.</summary>
public sealed record IssuedSignInNonce(string Value, string Binding)
{
    // Records print their members; the values must not reach a log line.
    public override string ToString() => nameof(IssuedSignInNonce);
}
