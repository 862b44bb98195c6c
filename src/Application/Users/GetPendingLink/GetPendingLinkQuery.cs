using GoogleLogin.Domain.Users;
using Mediator;

namespace GoogleLogin.Application.Users.GetPendingLink;

/// <summary>The provider account a redirect link holds for <paramref name="SessionId"/> to confirm.</summary>
public sealed record GetPendingLinkQuery(Guid SessionId, Guid Id) : IQuery<PendingLinkDto>;

/// <summary>A pending link as the API shows it: which account confirming would add.</summary>
/// <param name="Provider">The provider's route name, as <c>GET /api/auth/config</c> lists it.</param>
/// <param name="DisplayName">The provider's name as people know it.</param>
/// <param name="Email">The email the provider gave for the account, to recognise it by.</param>
/// <param name="ExpiresAt">After this it can no longer be confirmed.</param>
public sealed record PendingLinkDto(Guid Id, string Provider, string DisplayName, string? Email, bool EmailVerified, DateTimeOffset ExpiresAt)
{
    public static PendingLinkDto From(PendingLink pending, string displayName)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return new(pending.Id, pending.Provider, displayName, pending.Email, pending.EmailVerified, pending.ExpiresAt);
    }
}
