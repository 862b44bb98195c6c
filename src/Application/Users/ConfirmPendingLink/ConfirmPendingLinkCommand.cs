using Mediator;

namespace GoogleLogin.Application.Users.ConfirmPendingLink;

/// <summary>
/// The person confirms, from the page of the session that started it, the account a redirect link holds: it
/// becomes a login of the session's user, by the rules of linking, checked again now. Confirmed once.
/// </summary>
public sealed record ConfirmPendingLinkCommand(Guid SessionId, Guid Id) : ICommand<ListLogins.LoginDto>;
