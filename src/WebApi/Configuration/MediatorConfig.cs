using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Behaviours;

namespace GoogleLogin.WebApi.Configuration;

internal static class MediatorConfig
{
    /// <summary>
    /// Mediator's source generator runs in this project only: it finds the handlers in Application
    /// at compile time and wires them without reflection.
    /// </summary>
    public static IServiceCollection AddMediatorPipeline(this IServiceCollection services) =>
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(ValidateTokenAndObtainSessionCommand)];
            // Outermost first: every message is logged, including the ones validation refuses.
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
}
