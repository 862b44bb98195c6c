namespace GoogleLogin.Application.Auth.ListSessions;

/// <summary>One of the signed-in user's sessions as the API shows it; <c>Current</c> marks the one the request came with.</summary>
/// <param name="Provider">The route name of the provider of the login that opened it; null when that is unknown or since unlinked.</param>
/// <param name="ProviderDisplayName">That provider's name as people know it.</param>
/// <param name="AccountEmail">The email the provider last gave for that login's account, to tell two accounts of one provider apart.</param>
public sealed record SessionDto(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? IpAddress,
    bool Current,
    string? Provider,
    string? ProviderDisplayName,
    string? AccountEmail);
