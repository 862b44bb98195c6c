using GoogleLogin.WebApi.ErrorHandling;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Marks an endpoint the browser navigates to (the redirect sign-in's start and callback): its refusals are
/// redirects to the app with a reason, never a ProblemDetails page, and it answers only top-level navigations.
/// </summary>
/// <param name="FromThisSiteOnly">
/// Another site must not navigate to it (<c>Sec-Fetch-Site</c> <c>cross-site</c> or <c>same-site</c>): a start,
/// which another site must not make, at a provider that would approve silently, without the visitor asking.
/// </param>
internal sealed record BrowserNavigation(bool FromThisSiteOnly = false);

internal static class BrowserNavigationChecks
{
    /// <summary>
    /// Refuses, before the rate limiter, what is no top-level navigation (an image, a script, a fetch: a
    /// <c>Sec-Fetch-Dest</c> other than <c>document</c> or a <c>Sec-Fetch-Mode</c> other than <c>navigate</c>) and, where
    /// the endpoint says so, another site's navigation: another site's page then uses up none of the visitor's
    /// allowance. Browsers that send no such header are judged by what they do send.
    /// </summary>
    public static IApplicationBuilder UseBrowserNavigationChecks(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<BrowserNavigation>() is not { } navigation)
            {
                return next(context);
            }

            var headers = context.Request.Headers;
            var notANavigation =
                headers["Sec-Fetch-Dest"] is [_, ..] dest && dest.ToString() != "document" ||
                headers["Sec-Fetch-Mode"] is [_, ..] mode && mode.ToString() != "navigate";
            var fromAnotherSite = navigation.FromThisSiteOnly && headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";
            if (notANavigation || fromAnotherSite)
            {
                context.Response.Redirect($"/?signInError={ErrorCode.CrossSiteStart.Name()}");
                return Task.CompletedTask;
            }

            return next(context);
        });
}
