using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>A redirect's state sealed by Data Protection (keys in the database), and the record of its use.</summary>
public sealed class AuthorizationStateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private AppHost _host = null!;

    public async Task InitializeAsync() => _host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IAuthorizationStateProtector Protector => _host.Services.GetRequiredService<IAuthorizationStateProtector>();

    private static AuthorizationState Linking(string returnUrl = "/account") =>
        AuthorizationState.StartLinking("acme", RandomToken.New(), RandomToken.New(), returnUrl, Now, Guid.NewGuid());

    [Fact]
    public async Task Initializing_the_database_makes_the_first_data_protection_key_before_anything_seals_and_no_second()
    {
        // The host initialized the database and nothing has sealed yet: the key is there already, for every
        // instance to read as it starts.
        var first = await DataProtectionKeyIdsAsync();
        first.Should().ContainSingle();

        // Another instance starting on the same database finds it.
        await _host.Services.InitializeDatabaseAsync();

        (await DataProtectionKeyIdsAsync()).Should().Equal(first);
    }

    [Fact]
    public void A_sealed_state_opens_as_it_was_and_the_longest_fits_the_callback_s_bound()
    {
        var presented = RandomToken.Hash(RandomToken.New());
        var signIn = AuthorizationState.Start("acme", RandomToken.New(), "the-nonce", "/account?tab=logins", Now, presented);
        var longest = Linking("/" + new string('~', AuthorizationState.ReturnUrlLength - 1));
        var reauthenticating = AuthorizationState.StartReauthenticating("acme", RandomToken.New(), "the-nonce", "/account", Now, Guid.NewGuid());

        var sealedSignIn = Protector.Protect(signIn);
        var sealedLongest = Protector.Protect(longest);

        Protector.Unprotect(sealedSignIn).Should().BeEquivalentTo(signIn);
        Protector.Unprotect(sealedLongest).Should().BeEquivalentTo(longest);
        Protector.Unprotect(Protector.Protect(reauthenticating)).Should().BeEquivalentTo(reauthenticating);
        System.Buffers.Text.Base64Url.IsValid(sealedSignIn).Should().BeTrue("it travels in a query string");
        sealedSignIn.Should().NotContain(signIn.CodeVerifier).And.NotContain(signIn.Nonce, "it is encrypted, not only signed");
        sealedLongest.Length.Should().BeLessThanOrEqualTo(CompleteRedirectSignInHandler.MaxStateLength);
    }

    [Fact]
    public void A_state_altered_anywhere_cut_short_made_up_or_sealed_for_another_purpose_does_not_open()
    {
        var sealedState = Protector.Protect(Linking());
        var otherPurpose = System.Buffers.Text.Base64Url.EncodeToString(
            _host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("another purpose").Protect("a state"u8.ToArray()));

        foreach (var position in new[] { 0, 10, sealedState.Length / 2, sealedState.Length - 2 })
        {
            var altered = sealedState.ToCharArray();
            altered[position] = altered[position] == 'A' ? 'B' : 'A';
            Protector.Unprotect(new string(altered)).Should().BeNull($"a character at {position} was changed");
        }

        Protector.Unprotect(sealedState[..^4]).Should().BeNull();
        Protector.Unprotect(RandomToken.New()).Should().BeNull();
        Protector.Unprotect("not base64url!").Should().BeNull();
        Protector.Unprotect(string.Empty).Should().BeNull();
        Protector.Unprotect(otherPurpose).Should().BeNull();
    }

    [Fact]
    public async Task Of_many_racing_uses_of_one_state_exactly_one_is_recorded_and_the_sweep_deletes_it_once_expired()
    {
        var state = Linking();

        var uses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IAuthorizationStateRepository>().TryRecordUseAsync(state, CancellationToken.None);
        })));

        uses.Count(used => used).Should().Be(1);
        await using var check = _host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.UsedAuthorizationStates.AsNoTracking().SingleAsync()).Hash.Should().Equal(state.UseHash);
        var repository = check.ServiceProvider.GetRequiredService<IAuthorizationStateRepository>();
        (await repository.DeleteExpiredAsync(state.ExpiresAt - TimeSpan.FromTicks(1), CancellationToken.None)).Should().Be(0);
        (await repository.DeleteExpiredAsync(state.ExpiresAt, CancellationToken.None)).Should().Be(1);
        (await db.UsedAuthorizationStates.CountAsync()).Should().Be(0);
    }

    private async Task<List<int>> DataProtectionKeyIdsAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.Select(k => k.Id).ToListAsync();
    }
}
