using FluentValidation;
using GoogleLogin.Application.Audit;
using GoogleLogin.Application.Auth;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Application.Auth.Reauthentication;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.SignInNonces;
using GoogleLogin.Application.Common.Mappings;
using GoogleLogin.Application.Users.LinkLogin;
using MapsterMapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers validators, mappings and options. Handlers and pipeline behaviours are registered
    /// by Mediator's source generator in the host, which sees every assembly.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.AddSingleton<IMapper>(new Mapper(MappingConfig.Create()));
        services.AddOptions<SessionOptions>()
            .Bind(configuration.GetSection(SessionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AuditOptions>()
            .Bind(configuration.GetSection(AuditOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AuthenticatedSessionCache>();
        services.AddScoped<IdTokenNonceCheck>();
        services.AddScoped<RedirectUserInfo>();
        services.AddScoped<RecentSignInCheck>();
        services.AddScoped<LoginLinking>();
        return services;
    }
}
