using Mediator;

namespace GoogleLogin.Application.Users.LinkLogin;

/// <summary>
/// Adds a way to sign in to the signed-in user: another provider account, proved by its ID token (with a
/// nonce, as a sign-in), from a session opened within <see cref="Auth.SessionOptions.ReauthenticationWindow"/>.
/// </summary>
/// <param name="SessionId">The session the request came with: how recently its holder signed in decides.</param>
/// <param name="NonceBinding">The binding value of the browser's pre-login cookie.</param>
public sealed record LinkLoginCommand(Guid UserId, Guid SessionId, string Provider, string IdToken, string? Nonce, string? NonceBinding)
    : ICommand<ListLogins.LoginDto>
{
    // Records print their members; this one holds a bearer credential.
    public override string ToString() => $"{nameof(LinkLoginCommand)} {{ Provider = {Provider} }}";
}
