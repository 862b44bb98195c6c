using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.Users;

/// <summary>
/// One way to sign in as a user: a provider account, by its issuer and subject. The email is the one the
/// provider last gave for it, for the person to recognise the account by; it never selects the user.
/// </summary>
public sealed class UserLogin
{
    private UserLogin()
    {
        Issuer = Subject = Provider = string.Empty;
    }

    internal UserLogin(ExternalIdentity identity, string provider, string? email, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(provider.Length, Limits.ProviderNameLength, nameof(provider));
        Issuer = identity.Issuer;
        Subject = identity.Subject;
        Provider = provider;
        Email = StoredText.Clip(email, Limits.EmailLength);
        LinkedAt = now;
        LastUsedAt = now;
    }

    public string Issuer { get; private set; }

    public string Subject { get; private set; }

    /// <summary>The route name of the provider it signs in with (<c>google</c>, or a configured provider's).</summary>
    public string Provider { get; private set; }

    public string? Email { get; private set; }

    public DateTimeOffset LinkedAt { get; private set; }

    public DateTimeOffset LastUsedAt { get; private set; }

    public ExternalIdentity Identity => new(Issuer, Subject);

    /// <summary>
    /// How the API names this login: derived from its issuer and subject, so it needs no column of its own
    /// and is the same on every instance, and shows neither.
    /// </summary>
    public Guid Id => new(SHA256.HashData(Encoding.UTF8.GetBytes($"{Issuer.Length}:{Issuer}{Subject}")).AsSpan(0, 16));

    internal void RecordUse(string provider, string? email, DateTimeOffset now)
    {
        // The provider that verified it now names it (a login from before providers were recorded has none).
        Provider = provider;
        Email = StoredText.Clip(email, Limits.EmailLength);
        LastUsedAt = now;
    }
}
