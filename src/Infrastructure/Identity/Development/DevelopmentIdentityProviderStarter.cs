using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// Makes the development identity provider as the host starts, before it listens: its key is then
/// ready (read from, or written to, the shared key file) for the first request, and a key file that
/// holds no key stops start-up with its message.
/// </summary>
internal sealed class DevelopmentIdentityProviderStarter(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<DevelopmentIdentityProvider>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
