using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Application.Users;
using GoogleLogin.Application.Users.ListLogins;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using Mapster;

namespace GoogleLogin.Application.Common.Mappings;

public static class MappingConfig
{
    /// <summary>The map parameter naming the session a request came with, which its <see cref="SessionDto"/> marks as current.</summary>
    public const string CurrentSessionId = nameof(CurrentSessionId);

    /// <summary>
    /// The map parameter with the user's logins by id (<see cref="LoginDto"/>): a <see cref="SessionDto"/> names the
    /// sign-in method that opened it. Without it, or for a login since unlinked, it names none.
    /// </summary>
    public const string LoginsById = nameof(LoginsById);

    /// <summary>Every entity-to-DTO map of the application, compiled and checked once.</summary>
    /// <exception cref="InvalidOperationException">A DTO member has no source.</exception>
    public static TypeAdapterConfig Create()
    {
        var config = new TypeAdapterConfig
        {
            // Only the maps below exist, and each fills every member of its DTO.
            RequireExplicitMapping = true,
            RequireDestinationMemberSource = true,
        };

        config.NewConfig<User, UserDto>();

        config.NewConfig<Session, SessionDto>()
            .Map(dto => dto.Current, session => session.Id == (Guid)MapContext.Current!.Parameters[CurrentSessionId])
            .Map(dto => dto.Provider, session => OpenedWith(session).Provider)
            .Map(dto => dto.ProviderDisplayName, session => OpenedWith(session).DisplayName)
            .Map(dto => dto.AccountEmail, session => OpenedWith(session).Email);

        config.Compile();
        return config;
    }

    private static SignInMethod OpenedWith(Session session) =>
        session.LoginId is { } loginId &&
        MapContext.Current?.Parameters.GetValueOrDefault(LoginsById) is IReadOnlyDictionary<Guid, LoginDto> logins &&
        logins.GetValueOrDefault(loginId) is { } login
            ? new SignInMethod(login.Provider, login.DisplayName, login.Email)
            : SignInMethod.Unknown;

    private sealed record SignInMethod(string? Provider, string? DisplayName, string? Email)
    {
        public static readonly SignInMethod Unknown = new(null, null, null);
    }
}
