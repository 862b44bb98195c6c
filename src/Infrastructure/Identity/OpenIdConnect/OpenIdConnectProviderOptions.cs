namespace GoogleLogin.Infrastructure.Identity.OpenIdConnect;

/// <summary>
/// One OpenID Connect provider, configured in the section <c>Auth:Providers:&lt;name&gt;</c>; the name is
/// its route segment (<c>POST /api/auth/&lt;name&gt;</c>). Named options, one instance per section.
/// </summary>
public sealed class OpenIdConnectProviderOptions
{
    public const string SectionName = "Auth:Providers";

    /// <summary>
    /// The issuer. Its discovery document is read from <c>&lt;Authority&gt;/.well-known/openid-configuration</c>;
    /// for Kind <c>Microsoft</c>, for example <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The accepted audiences (the token's <c>aud</c>): this application's client IDs at the provider.</summary>
    public List<string> ClientIds { get; set; } = [];

    /// <summary>
    /// The client secret for the redirect sign-in (<c>GET /api/auth/&lt;name&gt;/start</c>), with the first of
    /// <see cref="ClientIds"/>; without it, this provider offers only the ID-token sign-in.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes the redirect sign-in asks for, separated by spaces; <c>openid</c> among them.</summary>
    public string Scopes { get; set; } = OpenIdConnectScopes.Default;

    /// <summary>The provider's name as people know it, shown by the app; defaults to the section's name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Tokens must carry a nonce this application issued, as for Google (<c>Auth:Google:RequireNonce</c>).</summary>
    public bool RequireNonce { get; set; } = true;

    /// <summary>
    /// Which rules the provider follows, by name (see <see cref="Kinds.OpenIdConnectProviderKinds"/>):
    /// <c>OpenIdConnect</c>, the standard; <c>Microsoft</c>, Microsoft Entra ID.
    /// </summary>
    public string Kind { get; set; } = Kinds.OpenIdConnectProviderKinds.Standard.Name;

    /// <summary>The rules of <see cref="Kind"/>; start-up refuses a section that names no kind.</summary>
    internal Kinds.OpenIdConnectProviderKind KindRules =>
        Kinds.OpenIdConnectProviderKinds.Find(Kind) ?? throw new InvalidOperationException($"No provider kind is named '{Kind}'.");

    /// <summary>
    /// Microsoft only: the directory (tenant) IDs whose accounts may sign in, matched against the token's
    /// <c>tid</c>. Required for the multi-tenant authorities (<c>common</c>, <c>organizations</c>).
    /// </summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>Allowed difference between this server's clock and the provider's when checking <c>iat</c>, <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromSeconds(30);
}

internal static class OpenIdConnectScopes
{
    public const string Default = "openid email profile";

    public static bool IncludeOpenId(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal);
}
