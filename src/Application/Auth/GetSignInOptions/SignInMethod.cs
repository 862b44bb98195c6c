namespace GoogleLogin.Application.Auth.GetSignInOptions;

/// <summary>How the browser signs in with a provider. In the API, in kebab case: <c>google-button</c>, <c>redirect</c>.</summary>
public enum SignInMethod
{
    /// <summary>Google's own button in the page, which hands the browser an ID token to post.</summary>
    GoogleButton,

    /// <summary>A redirect to the provider (authorization code with PKCE), which comes back to the callback.</summary>
    Redirect,
}
