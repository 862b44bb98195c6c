using Microsoft.Extensions.Configuration;

namespace GoogleLogin.Infrastructure.Identity.Google;

/// <summary>Configuration section <c>Auth:Google</c>.</summary>
public sealed class GoogleAuthOptions
{
    public const string SectionName = "Auth:Google";
    public const string DefaultCertificatesUrl = "https://www.googleapis.com/oauth2/v3/certs";

    /// <summary>
    /// The OAuth client IDs whose tokens this app accepts (the token's <c>aud</c>): the web client,
    /// plus any iOS or Android clients of the same product.
    /// </summary>
    public List<string> ClientIds { get; set; } = [];

    /// <summary>
    /// The client secret of the first of <see cref="ClientIds"/>: with it, Google's redirect sign-in
    /// (<c>GET /api/auth/google/start</c>, the server-side flow) works too.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>Google's issuer, whose discovery document names the redirect sign-in's endpoints.</summary>
    public string Authority { get; set; } = "https://accounts.google.com";

    /// <summary>The scopes the redirect sign-in asks for, separated by spaces.</summary>
    public string Scopes { get; set; } = OpenIdConnect.OpenIdConnectScopes.Default;

    /// <summary>Where Google publishes its signing keys as a JSON Web Key Set.</summary>
    public string CertificatesUrl { get; set; } = DefaultCertificatesUrl;

    /// <summary>
    /// When set, only Google Workspace accounts of these domains may sign in: the token's <c>hd</c>
    /// claim must be one of them. The email's domain is never used for this, since consumer accounts
    /// can carry any email address.
    /// </summary>
    public List<string> HostedDomains { get; set; } = [];

    /// <summary>
    /// Tokens must carry a nonce issued by <c>POST /api/auth/nonce</c>, which is used up by the sign-in,
    /// so a captured token cannot be replayed. Turn off only for native clients that cannot set a nonce.
    /// </summary>
    public bool RequireNonce { get; set; } = true;

    /// <summary>Allowed difference between this server's clock and Google's when checking <c>iat</c>, <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the configuration names a Google client ID: then Google is one of the app's providers.</summary>
    public static bool HasClientId(IConfiguration configuration) =>
        configuration.GetSection($"{SectionName}:{nameof(ClientIds)}").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
}
