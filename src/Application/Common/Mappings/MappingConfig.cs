using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Users;
using Mapster;

namespace GoogleLogin.Application.Common.Mappings;

public static class MappingConfig
{
    /// <summary>Every entity-to-DTO map of the application, compiled once.</summary>
    public static TypeAdapterConfig Create()
    {
        var config = new TypeAdapterConfig();
        config.NewConfig<User, UserDto>();
        config.RequireExplicitMapping = true;
        config.Compile();
        return config;
    }
}
