using System.Text.Json;

namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;

/// <summary>
/// Microsoft Entra ID. A multi-tenant authority (<c>common</c>, <c>organizations</c>) publishes an issuer with
/// a <c>{tenantid}</c> placeholder, which a token fills with its own <c>tid</c>; <c>Tenants</c> lists the
/// directories admitted; and tenant admins may set any <c>email</c>, so only <c>xms_edov</c> (the domain's
/// owner verified it) vouches for one.
/// </summary>
internal sealed class MicrosoftEntraIdKind : OpenIdConnectProviderKind
{
    private const string TenantPlaceholder = "{tenantid}";

    public override string Name => "Microsoft";

    public override bool AcceptsDocumentIssuer(Uri authority, string issuer) =>
        IsMultiTenant(authority) && issuer.Contains(TenantPlaceholder, StringComparison.Ordinal) &&
        Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) && issuerUri.Scheme == authority.Scheme && issuerUri.Authority == authority.Authority;

    /// <summary>Exactly the document's issuer, or, under a multi-tenant authority, it with a tenant ID in place of <c>{tenantid}</c>.</summary>
    public override bool IsResponseIssuer(string documentIssuer, string responseIssuer)
    {
        var placeholder = documentIssuer.IndexOf(TenantPlaceholder, StringComparison.Ordinal);
        if (placeholder < 0)
        {
            return base.IsResponseIssuer(documentIssuer, responseIssuer);
        }

        var suffix = documentIssuer[(placeholder + TenantPlaceholder.Length)..];
        return responseIssuer.Length > documentIssuer.Length - TenantPlaceholder.Length &&
            responseIssuer.StartsWith(documentIssuer[..placeholder], StringComparison.Ordinal) &&
            responseIssuer.EndsWith(suffix, StringComparison.Ordinal) &&
            Guid.TryParseExact(responseIssuer[placeholder..^suffix.Length], "D", out _);
    }

    /// <summary>The document's issuer, its <c>{tenantid}</c> filled with the token's <c>tid</c>: a token must name its tenant twice, alike.</summary>
    public override string? ExpectedIssuer(string documentIssuer, JsonElement claims)
    {
        if (!documentIssuer.Contains(TenantPlaceholder, StringComparison.Ordinal))
        {
            return documentIssuer;
        }

        return TenantOf(claims) is { } tenant ? documentIssuer.Replace(TenantPlaceholder, tenant, StringComparison.Ordinal) : null;
    }

    public override bool VouchesForEmail(JsonElement claims) =>
        claims.TryGetProperty("xms_edov", out var verified) && verified.ValueKind == JsonValueKind.True;

    public override string? NotAdmitted(JsonElement claims, OpenIdConnectProviderOptions options) =>
        options.Tenants.Count > 0 && !options.Tenants.Contains(TenantOf(claims) ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            ? "tenant_not_allowed"
            : null;

    public override IEnumerable<string> Validate(string section, OpenIdConnectProviderOptions options, Uri authority)
    {
        if (IsMultiTenant(authority) && options.Tenants.Count == 0)
        {
            yield return
                $"{section}:Tenants is empty, and the authority '{authority.AbsolutePath.Trim('/').Split('/')[0]}' admits accounts of every " +
                "Microsoft organisation. List the directory (tenant) IDs to admit, such as " +
                $"{section.Replace(":", "__", StringComparison.Ordinal)}__Tenants__0=<tenant id>.";
        }

        if (options.Tenants.Any(tenant => !Guid.TryParseExact(tenant, "D", out _)))
        {
            // A domain name never equals a token's tid: every sign-in would be refused.
            yield return $"{section}:Tenants must hold directory (tenant) IDs, such as 6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b, not domain names.";
        }
    }

    /// <summary>
    /// The authorities whose discovery document names no one issuer but <c>{tenantid}</c>: every
    /// organisation's tokens (and, for <c>common</c>, personal accounts') would verify.
    /// </summary>
    private static bool IsMultiTenant(Uri authority) =>
        authority.AbsolutePath.Trim('/').Split('/')[0].ToLowerInvariant() is "common" or "organizations";

    /// <summary>The token's tenant, when it is a directory ID.</summary>
    private static string? TenantOf(JsonElement claims) =>
        claims.GetStringOrNull("tid") is { } tenant && Guid.TryParseExact(tenant, "D", out _) ? tenant : null;
}
