using Mediator;

namespace GoogleLogin.Application.Auth.RevokeSession;

/// <summary>End a session for good: its cookie is refused from now on.</summary>
public sealed record RevokeSessionCommand(Guid SessionId) : ICommand;
