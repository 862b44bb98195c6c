using System.Text.Json;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;

/// <summary>
/// The rules in which one kind of OpenID Connect provider departs from the standard: which issuer a token
/// must carry, which email it vouches for, whom it admits, and what its configuration must say. A
/// provider's section names its kind (<c>Auth:Providers:&lt;name&gt;:Kind</c>); a new kind is one class
/// here, listed in <see cref="OpenIdConnectProviderKinds"/>.
/// </summary>
internal abstract class OpenIdConnectProviderKind
{
    /// <summary>How a section's <c>Kind</c> names it.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether a discovery document read from <paramref name="authority"/> may name <paramref name="issuer"/>
    /// though it is not the authority (OpenID Connect Discovery 4.3 asks for the authority itself).
    /// </summary>
    public virtual bool AcceptsDocumentIssuer(Uri authority, string issuer) => false;

    /// <summary>Whether an authorization response's <c>iss</c> parameter (RFC 9207) is the document's issuer: exactly it.</summary>
    public virtual bool IsResponseIssuer(string documentIssuer, string responseIssuer) =>
        string.Equals(documentIssuer, responseIssuer, StringComparison.Ordinal);

    /// <summary>The issuer a token must carry, from its document's; null when no issuer fits the token.</summary>
    public virtual string? ExpectedIssuer(string documentIssuer, JsonElement claims) => documentIssuer;

    /// <summary>Whether the provider vouches for the token's <c>email</c>: only then does it count in the "belongs to another account" rule.</summary>
    public virtual bool VouchesForEmail(JsonElement claims) =>
        claims.TryGetProperty("email_verified", out var verified) && verified.ValueKind == JsonValueKind.True;

    /// <summary>Why the configuration refuses this genuine token's identity (for the log), or null when it admits it.</summary>
    public virtual string? NotAdmitted(JsonElement claims, OpenIdConnectProviderOptions options) => null;

    /// <summary>What is wrong with a section of this kind beyond what every provider's section must get right.</summary>
    public virtual IEnumerable<string> Validate(string section, OpenIdConnectProviderOptions options, Uri authority)
    {
        if (options.Tenants.Count > 0)
        {
            yield return $"{section}:Tenants applies to Kind {OpenIdConnectProviderKinds.Microsoft.Name} only.";
        }
    }
}

/// <summary>Any provider that follows OpenID Connect Discovery: its issuer is fixed, its <c>email_verified</c> is trusted.</summary>
internal sealed class StandardOpenIdConnectKind : OpenIdConnectProviderKind
{
    public override string Name => "OpenIdConnect";
}

/// <summary>Every kind, by the name a section gives it. The one list: the options' validator and the verifier read it.</summary>
internal static class OpenIdConnectProviderKinds
{
    public static readonly OpenIdConnectProviderKind Standard = new StandardOpenIdConnectKind();

    public static readonly MicrosoftEntraIdKind Microsoft = new();

    public static IReadOnlyList<OpenIdConnectProviderKind> All { get; } = [Standard, Microsoft];

    /// <summary>The kind a section names (as configuration binds enums: ignoring case); null for none of them.</summary>
    public static OpenIdConnectProviderKind? Find(string? name) =>
        All.FirstOrDefault(kind => string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase));
}
