using Mediator;

namespace GoogleLogin.Application.Auth.ListSessions;

/// <summary>The user's active sessions, marking the one this request came with.</summary>
public sealed record ListSessionsQuery(Guid UserId, Guid CurrentSessionId) : IQuery<IReadOnlyList<SessionDto>>;
