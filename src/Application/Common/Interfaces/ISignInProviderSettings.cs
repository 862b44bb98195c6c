namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>The identity providers' configured settings, read from configuration on each use.</summary>
public interface ISignInProviderSettings
{
    /// <summary>Whether the built-in development identity provider stands in for Google.</summary>
    bool DevelopmentSignInActive { get; }

    /// <summary>The Google OAuth client IDs whose tokens are accepted (the token's <c>aud</c>).</summary>
    IReadOnlyList<string> GoogleClientIds { get; }
}
