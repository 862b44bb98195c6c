using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using Mapster;

namespace GoogleLogin.Application.Common.Mappings;

public static class MappingConfig
{
    /// <summary>The map parameter naming the session a request came with, which its <see cref="SessionDto"/> marks as current.</summary>
    public const string CurrentSessionId = nameof(CurrentSessionId);

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
            .Map(dto => dto.Current, session => session.Id == (Guid)MapContext.Current!.Parameters[CurrentSessionId]);

        config.Compile();
        return config;
    }
}
