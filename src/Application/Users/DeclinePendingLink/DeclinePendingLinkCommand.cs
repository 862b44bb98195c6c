using Mediator;

namespace GoogleLogin.Application.Users.DeclinePendingLink;

/// <summary>The person declines the account a redirect link holds: it is forgotten, nothing is linked.</summary>
public sealed record DeclinePendingLinkCommand(Guid SessionId, Guid Id) : ICommand;
