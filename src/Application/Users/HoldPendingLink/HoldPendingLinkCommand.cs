using Mediator;

namespace GoogleLogin.Application.Users.HoldPendingLink;

/// <summary>
/// A redirect started to link came back with the provider's ID token: check it by every rule of linking
/// (<see cref="LinkLogin.LoginLinking"/>), and hold the account for the session to confirm, adding nothing.
/// The provider's return is a navigation anyone who learnt the authorization URL can send the browser on.
/// </summary>
/// <param name="SessionId">The session that started the link.</param>
/// <param name="NonceBinding">The binding value of the browser's redirect pre-login cookie.</param>
/// <param name="AccessToken">The redirect's access token, with which the provider's userinfo fills what the ID token lacks.</param>
/// <returns>The pending link's id.</returns>
public sealed record HoldPendingLinkCommand(Guid SessionId, string Provider, string IdToken, string? Nonce, string? NonceBinding, string? AccessToken = null)
    : ICommand<Guid>
{
    // Records print their members; this one holds a bearer credential.
    public override string ToString() => $"{nameof(HoldPendingLinkCommand)} {{ Provider = {Provider} }}";
}
