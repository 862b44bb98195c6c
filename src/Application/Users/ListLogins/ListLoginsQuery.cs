using GoogleLogin.Domain.Users;
using Mediator;

namespace GoogleLogin.Application.Users.ListLogins;

/// <summary>The ways the user can sign in: one login per provider account, oldest first.</summary>
public sealed record ListLoginsQuery(Guid UserId) : IQuery<IReadOnlyList<LoginDto>>;

/// <summary>A login as the API shows it.</summary>
/// <param name="Provider">The provider's route name, as <c>GET /api/auth/config</c> lists it.</param>
/// <param name="DisplayName">The provider's name as people know it.</param>
/// <param name="Email">The email the provider last gave for the account, to recognise it by.</param>
public sealed record LoginDto(Guid Id, string Provider, string DisplayName, string? Email, DateTimeOffset LinkedAt, DateTimeOffset LastUsedAt)
{
    public static LoginDto From(UserLogin login, string displayName)
    {
        ArgumentNullException.ThrowIfNull(login);
        return new(login.Id, login.Provider, displayName, login.Email, login.LinkedAt, login.LastUsedAt);
    }
}
