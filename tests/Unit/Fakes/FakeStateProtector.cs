using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>Seals a state as a random name for it, and opens only the names it gave: the real seal is Data Protection's (integration tests).</summary>
internal sealed class FakeStateProtector : IAuthorizationStateProtector
{
    /// <summary>Every state sealed so far, by the sealed text sent as the state parameter.</summary>
    public Dictionary<string, AuthorizationState> Sealed { get; } = [];

    public string Protect(AuthorizationState state)
    {
        var sealedState = RandomToken.New();
        Sealed[sealedState] = state;
        return sealedState;
    }

    public AuthorizationState? Unprotect(string sealedState) => Sealed.GetValueOrDefault(sealedState);
}
