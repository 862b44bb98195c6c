using Mediator;

namespace GoogleLogin.Application.Users.LinkLogin;

/// <summary>
/// Adds a way to sign in to the session's user: another provider account, proved by its ID token (with a
/// nonce, as a sign-in), from a session opened within <see cref="Auth.SessionOptions.ReauthenticationWindow"/>.
/// The token comes from the page (<c>POST /api/users/me/logins/{provider}</c>); a redirect provider's account
/// is held by <c>HoldPendingLink</c> instead, until the page confirms it.
/// </summary>
/// <param name="SessionId">The session the change was asked from: its user gains the login, and how recently it signed in decides.</param>
/// <param name="NonceBinding">The binding value of the browser's pre-login cookie.</param>
public sealed record LinkLoginCommand(Guid SessionId, string Provider, string IdToken, string? Nonce, string? NonceBinding)
    : ICommand<ListLogins.LoginDto>
{
    // Records print their members; this one holds a bearer credential.
    public override string ToString() => $"{nameof(LinkLoginCommand)} {{ Provider = {Provider} }}";
}
