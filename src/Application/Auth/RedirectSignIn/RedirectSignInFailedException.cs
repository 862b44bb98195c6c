namespace GoogleLogin.Application.Auth.RedirectSignIn;

/// <summary>A redirect sign-in that cannot finish; <see cref="Code"/> is what the browser is told (<c>/?signInError=code</c>).</summary>
public sealed class RedirectSignInFailedException(string code, Exception? innerException = null, string? linkReturnUrl = null)
    : Exception($"The redirect sign-in failed ({code}).", innerException)
{
    /// <summary>The provider could not be reached.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>The callback's state is unknown, used, expired, for another provider, or from another browser.</summary>
    public const string InvalidState = "invalid_state";

    /// <summary>The provider did not redeem the code for an ID token.</summary>
    public const string ExchangeFailed = "exchange_failed";

    /// <summary>Another site sent the browser to start a sign-in, which only this site's pages may.</summary>
    public const string CrossSiteStart = "cross_site_start";

    /// <summary>No provider of that name offers a redirect sign-in.</summary>
    public const string UnknownProvider = "unknown_provider";

    public string Code { get; } = code;

    /// <summary>Set when the failed redirect was a link: the page it started from, where the person is told.</summary>
    public string? LinkReturnUrl { get; } = linkReturnUrl;
}
