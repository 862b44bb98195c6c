namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>An account the development identity provider can sign in as.</summary>
public sealed record TestAccount(
    string Id,
    string Email,
    bool EmailVerified,
    string GivenName,
    string FamilyName,
    string? HostedDomain,
    string Description)
{
    public string Name => $"{GivenName} {FamilyName}".Trim();
}
