using System.Security.Cryptography;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

public sealed class SignInNonceRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Deleting_expired_nonces_keeps_the_unexpired_ones_and_can_run_again()
    {
        var issuedAgo = new[] { TimeSpan.FromMinutes(10), SignInNonce.Lifetime, TimeSpan.FromMinutes(4) };
        var key = RandomNumberGenerator.GetBytes(SignInNonce.KeySizeInBytes);
        var binding = RandomToken.New();
        // Each used the moment it was issued.
        var nonces = issuedAgo.Select(ago => SignInNonce.Check(SignInNonce.Issue(Now - ago, binding, key), binding, key, Now - ago).Use!).ToList();
        await using (var seed = _host.Services.CreateAsyncScope())
        {
            foreach (var nonce in nonces)
            {
                await seed.ServiceProvider.GetRequiredService<ISignInNonceRepository>().TryRecordUseAsync(nonce, CancellationToken.None);
            }
        }

        await using var scope = _host.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<ISignInNonceRepository>();
        var deleted = await repository.DeleteExpiredAsync(Now, CancellationToken.None);
        var deletedAgain = await repository.DeleteExpiredAsync(Now, CancellationToken.None);

        deleted.Should().Be(2, "a nonce issued five minutes ago has just expired");
        deletedAgain.Should().Be(0);
        var left = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SignInNonces.SingleAsync();
        left.Hash.Should().Equal(nonces[2].Hash);
    }
}
