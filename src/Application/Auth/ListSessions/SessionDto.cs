namespace GoogleLogin.Application.Auth.ListSessions;

/// <summary>One of the signed-in user's sessions as the API shows it; <c>Current</c> marks the one the request came with.</summary>
public sealed record SessionDto(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? IpAddress,
    bool Current);
