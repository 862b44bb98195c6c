namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>The identity providers' configured settings, read from configuration on each use.</summary>
public interface ISignInProviderSettings
{
    /// <summary>Whether the built-in development identity provider stands in for Google.</summary>
    bool DevelopmentSignInActive { get; }

    /// <summary>The Google OAuth client IDs whose tokens are accepted (the token's <c>aud</c>).</summary>
    IReadOnlyList<string> GoogleClientIds { get; }

    /// <summary>The providers other than Google that offer the redirect sign-in, with the names people know them by.</summary>
    IReadOnlyList<RedirectSignInProvider> RedirectProviders { get; }
}

/// <param name="Name">The route name: the browser starts at <c>/api/auth/&lt;name&gt;/start</c>.</param>
public sealed record RedirectSignInProvider(string Name, string DisplayName);
