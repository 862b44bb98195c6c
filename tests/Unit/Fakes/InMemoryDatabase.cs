using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Domain.Users;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>What has been committed, shared by every <see cref="InMemoryStore"/> that plays a request against it.</summary>
internal sealed class InMemoryDatabase
{
    public List<User> Users { get; } = [];

    public List<Session> Sessions { get; } = [];

    public List<SignInNonce> Nonces { get; } = [];

    /// <summary>The redirect states used so far.</summary>
    public List<AuthorizationState> UsedAuthorizationStates { get; } = [];

    public List<PendingLink> PendingLinks { get; } = [];

    public List<SecurityEvent> SecurityEvents { get; } = [];

    public byte[] NonceKey { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(SignInNonce.KeySizeInBytes);

    public int SaveCount { get; set; }
}
