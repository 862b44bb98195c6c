using GoogleLogin.Application.Auth.GetSignInOptions;
using GoogleLogin.Application.Auth.IssueSignInNonce;
using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.RevokeAllSessions;
using GoogleLogin.Application.Auth.RevokeSession;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Users;
using GoogleLogin.Application.Users.LinkLogin;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace GoogleLogin.WebApi.Endpoints;

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AnswersMiddlewareProblems();

        group.MapGet("/config", GetConfig)
            .WithSummary("Public settings the browser needs to offer sign-in.");

        // POST, not GET: it sets a cookie and stores a row, so the CSRF rules apply to it.
        group.MapPost("/nonce", IssueNonce)
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            .WithSummary(
                "A single-use nonce, valid for 5 minutes, to pass to the identity provider and send back with its ID token. " +
                "Sets the pre-login cookie that binds the nonce to this browser: only a sign-in carrying it can use the nonce.");

        group.MapPost("/logout", Logout)
            .RequireAuthorization()
            .WithSummary("Revoke the current session and clear its cookie.");

        group.MapPost("/logout-all", LogoutEverywhere)
            .RequireAuthorization()
            .WithSummary("Revoke every session of the signed-in user, this one included.");

        group.MapPost("/logout-others", LogoutElsewhere)
            .RequireAuthorization()
            .WithSummary("Revoke every session of the signed-in user but this one.");

        group.MapGet("/sessions", ListSessions)
            .RequireAuthorization()
            .WithSummary("The signed-in user's active sessions.");

        group.MapDelete("/sessions/{id:guid}", RevokeSession)
            .RequireAuthorization()
            .AnswersProblem(StatusCodes.Status404NotFound, "The signed-in user has no session with that ID.")
            .WithSummary("Revoke one of the signed-in user's sessions.");

        // Browser navigations, not API calls: every outcome is a redirect, failures to /?signInError=<code>.
        group.MapGet("/{provider}/start", StartRedirectSignIn)
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            .WithMetadata(new BrowserNavigation())
            .Produces(StatusCodes.Status302Found)
            .WithSummary(
                "Start the redirect sign-in (authorization code with PKCE): 302 to the provider's authorization endpoint, " +
                "with the state stored server-side and bound to this browser by a pre-login cookie (SameSite=Lax). " +
                "returnUrl, a path of this site, is where the callback sends the browser; anything else becomes '/'. " +
                "With link=true, from a session opened within Auth:Sessions:ReauthenticationWindow, the provider's account is linked to " +
                "the session's user instead: the callback 302s to returnUrl?linked=<provider>, and any failure to returnUrl?linkError=<code>.");

        group.MapGet("/{provider}/callback", CompleteRedirectSignIn)
            .RequireRateLimiting(SignInRateLimiting.SignInPolicy)
            .WithMetadata(new BrowserNavigation())
            .Produces(StatusCodes.Status302Found)
            .WithSummary(
                "Where the provider sends the browser back: checks the state and its binding, redeems the code with its PKCE verifier, " +
                "verifies the ID token, sets the session cookie and 302s to the return URL; any failure 302s to /?signInError=<code>. " +
                "A state started to link links instead, opens no session, and 302s to returnUrl?linked=<provider>, or once the state is found, returnUrl?linkError=<code>.");

        // Literal routes such as /logout win over this one; other names select an identity provider.
        group.MapPost("/{provider}", SignIn)
            .TakesIdToken()
            // The application's refusals, mapped by ProblemDetailsExceptionHandler.
            .AnswersProblem(
                StatusCodes.Status401Unauthorized,
                "The ID token failed verification, or its nonce is missing, unknown, expired, used, not the one sent, or was issued to another browser (the pre-login cookie is missing or different).")
            .AnswersProblem(
                StatusCodes.Status403Forbidden,
                $"The account is disabled or outside the allowed hosted domains; or the request lacks '{CsrfProtectionMiddleware.HeaderName}: 1' or comes from another origin.")
            .AnswersProblem(StatusCodes.Status404NotFound, "No identity provider of that name is configured.")
            .AnswersProblem(StatusCodes.Status409Conflict, "The token's verified email is registered to another account of this provider.")
            .AnswersProblem(StatusCodes.Status503ServiceUnavailable, "The identity provider's signing keys cannot be obtained right now.")
            .WithSummary("Exchange an identity provider's ID token for a session cookie.");

        return group;
    }

    public static async Task<Ok<AuthConfigResponse>> GetConfig(ISender sender, CancellationToken cancellationToken)
    {
        var options = await sender.Send(new GetSignInOptionsQuery(), cancellationToken);
        var googleClientId = options.GoogleClientIds.Count > 0 ? options.GoogleClientIds[0] : null;
        List<AuthProviderResponse> providers = googleClientId is null ? [] : [new("google", "Google", AuthProviderResponse.GoogleButton)];
        providers.AddRange(options.RedirectProviders.Select(p => new AuthProviderResponse(p.Name, p.DisplayName, AuthProviderResponse.Redirect)));
        return TypedResults.Ok(new AuthConfigResponse(googleClientId, options.DevelopmentSignIn, providers));
    }

    public static async Task<Ok<NonceResponse>> IssueNonce(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        var issued = await sender.Send(new IssueSignInNonceCommand(PreLoginCookie.NonceBinding.Read(httpContext.Request)), cancellationToken);
        // Renewed with the same value while present, so the nonces of other tabs stay usable.
        PreLoginCookie.NonceBinding.Append(httpContext.Response, issued.Binding);
        // Single use: no cache may hand the same nonce to a second page.
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new NonceResponse(issued.Value));
    }

    public static async Task<Ok<UserDto>> SignIn(
        string provider,
        SignInRequest request,
        HttpContext httpContext,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var issued = await sender.Send(
            new ValidateTokenAndObtainSessionCommand(
                provider,
                request.IdToken ?? string.Empty,
                request.Nonce,
                PreLoginCookie.NonceBinding.Read(httpContext.Request),
                SessionCookie.Read(httpContext.Request),
                httpContext.Request.Headers.UserAgent.ToString(),
                httpContext.Connection.RemoteIpAddress?.ToString()),
            cancellationToken);

        // The pre-login cookie stays: another tab may still hold a nonce bound to it, and it expires
        // within five minutes anyway. Alone it is worth nothing: it signs nobody in without a token.
        SessionCookie.Append(httpContext.Response, issued.SessionToken, issued.ExpiresAt);
        return TypedResults.Ok(issued.User);
    }

    public static async Task<RedirectHttpResult> StartRedirectSignIn(
        string provider,
        string? returnUrl,
        HttpContext httpContext,
        ISender sender,
        ILogger<RedirectSignInLog> logger,
        CancellationToken cancellationToken,
        bool link = false)
    {
        // A failure goes back where the person started: the account page for a link, the sign-in page otherwise.
        RedirectHttpResult Failed(string code) => link ? LinkError(returnUrl, code) : SignInError(code);

        // Only from this site's pages (or a typed or bookmarked address): another site must not sign a
        // visitor in, at a provider that would approve silently, without the visitor asking.
        if (httpContext.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return Failed(RedirectSignInFailedException.CrossSiteStart);
        }

        // Linking is for the holder of a session (SameSite=Strict: it comes only with this site's own navigations).
        if (link && httpContext.User.Identity?.IsAuthenticated != true)
        {
            return Failed(NotSignedIn);
        }

        try
        {
            var started = await sender.Send(
                new StartRedirectSignInCommand(
                    provider,
                    returnUrl,
                    PreLoginCookie.RedirectBinding.Read(httpContext.Request),
                    CallbackUrl(httpContext, provider),
                    link ? null : SessionCookie.Read(httpContext.Request),
                    link ? httpContext.User.GetSessionId() : null),
                cancellationToken);
            PreLoginCookie.RedirectBinding.Append(httpContext.Response, started.Binding);
            return TypedResults.Redirect(started.AuthorizationUrl.AbsoluteUri);
        }
        catch (Exception exception) when (RedirectSignInLog.ErrorCode(exception, logger) is { } code)
        {
            return Failed(code);
        }
    }

    public static async Task<RedirectHttpResult> CompleteRedirectSignIn(
        string provider,
        string? code,
        string? state,
        string? error,
        HttpContext httpContext,
        ISender sender,
        ILogger<RedirectSignInLog> logger,
        CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            // The person declined, or the provider refused; its own description is not shown. The state is left
            // unread (it expires unused), so whether it was a link is not known here: the sign-in page says it.
            return SignInError(error == "access_denied" ? "access_denied" : "provider_error");
        }

        var binding = PreLoginCookie.RedirectBinding.Read(httpContext.Request);
        RedirectSignInCompleted completed;
        try
        {
            completed = await sender.Send(
                new CompleteRedirectSignInCommand(provider, code, state, binding, CallbackUrl(httpContext, provider)),
                cancellationToken);
        }
        catch (Exception exception) when (RedirectSignInLog.ErrorCode(exception, logger) is { } errorCode)
        {
            return exception is RedirectSignInFailedException { LinkReturnUrl: { } linkReturnUrl }
                ? LinkError(linkReturnUrl, errorCode)
                : SignInError(errorCode);
        }

        if (completed.LinkingSessionId is { } linkingSessionId)
        {
            try
            {
                // The session cookie (SameSite=Strict) does not come along on the provider's return: the
                // session is the one the state recorded at the start, in the browser the binding proves.
                var login = await sender.Send(
                    new LinkLoginCommand(linkingSessionId, provider, completed.IdToken, completed.Nonce, binding),
                    cancellationToken);
                return TypedResults.Redirect(QueryHelpers.AddQueryString(completed.ReturnUrl, "linked", login.Provider));
            }
            catch (Exception exception) when (RedirectSignInLog.ErrorCode(exception, logger) is { } errorCode)
            {
                return LinkError(completed.ReturnUrl, errorCode);
            }
        }

        try
        {
            var issued = await sender.Send(
                new ValidateTokenAndObtainSessionCommand(
                    provider,
                    completed.IdToken,
                    completed.Nonce,
                    binding,
                    SessionCookie.Read(httpContext.Request),
                    httpContext.Request.Headers.UserAgent.ToString(),
                    httpContext.Connection.RemoteIpAddress?.ToString(),
                    completed.PresentedSessionHash),
                cancellationToken);

            SessionCookie.Append(httpContext.Response, issued.SessionToken, issued.ExpiresAt);
            return TypedResults.Redirect(completed.ReturnUrl);
        }
        catch (Exception exception) when (RedirectSignInLog.ErrorCode(exception, logger) is { } errorCode)
        {
            return SignInError(errorCode);
        }
    }

    /// <summary>This app's callback for the provider, as the browser reaches it (behind a known proxy, its public address).</summary>
    private static Uri CallbackUrl(HttpContext httpContext, string provider)
    {
        var request = httpContext.Request;
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/api/auth/{Uri.EscapeDataString(provider.ToLowerInvariant())}/callback");
    }

    /// <summary>A link started without a session.</summary>
    private const string NotSignedIn = "not_signed_in";

    private static RedirectHttpResult SignInError(string code) => TypedResults.Redirect($"/?signInError={Uri.EscapeDataString(code)}");

    /// <summary>Back to the page the link started from (a path of this site, else <c>/</c>), with <c>?linkError=&lt;code&gt;</c>.</summary>
    private static RedirectHttpResult LinkError(string? returnUrl, string code) =>
        TypedResults.Redirect(QueryHelpers.AddQueryString(AuthorizationState.LocalReturnUrl(returnUrl), "linkError", code));

    public static async Task<NoContent> Logout(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        var current = httpContext.User.GetSessionId();
        await sender.Send(new RevokeSessionCommand(httpContext.User.GetUserId(), current, current), cancellationToken);
        SessionCookie.Delete(httpContext.Response);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutEverywhere(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeAllSessionsCommand(httpContext.User.GetUserId()), cancellationToken);
        SessionCookie.Delete(httpContext.Response);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutElsewhere(HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeAllSessionsCommand(httpContext.User.GetUserId(), KeepSessionId: httpContext.User.GetSessionId()), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<SessionDto>>> ListSessions(HttpContext httpContext, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListSessionsQuery(httpContext.User.GetUserId(), httpContext.User.GetSessionId()), cancellationToken));

    public static async Task<NoContent> RevokeSession(Guid id, HttpContext httpContext, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeSessionCommand(httpContext.User.GetUserId(), id, httpContext.User.GetSessionId()), cancellationToken);
        if (id == httpContext.User.GetSessionId())
        {
            SessionCookie.Delete(httpContext.Response);
        }

        return TypedResults.NoContent();
    }
}

/// <param name="IdToken">The ID token (a JWT) the identity provider gave the browser.</param>
/// <param name="Nonce">The nonce from <c>POST /api/auth/nonce</c> that the browser passed to the identity provider.</param>
internal static class IdTokenEndpoints
{
    /// <summary>
    /// An endpoint that takes an ID token and its nonce (a sign-in, a link): the body, its size limit, the
    /// sign-in allowance, and the 400 its validation answers.
    /// </summary>
    public static RouteHandlerBuilder TakesIdToken(this RouteHandlerBuilder builder) => builder
        .Accepts<SignInRequest>("application/json")
        .WithMetadata(new RequestSizeLimitAttribute(Limits.SignInRequestBytes))
        .RequireRateLimiting(SignInRateLimiting.SignInPolicy)
        .AnswersProblem(
            StatusCodes.Status400BadRequest,
            "The body is not valid JSON, or the ID token or nonce is missing or too long (errors name the fields).",
            typeof(HttpValidationProblemDetails));
}

public sealed record SignInRequest(string? IdToken = null, string? Nonce = null)
{
    public override string ToString() => nameof(SignInRequest);
}

/// <param name="Nonce">Pass to the identity provider (Google's <c>nonce</c> parameter), then send back with the ID token.</param>
public sealed record NonceResponse(string Nonce)
{
    public override string ToString() => nameof(NonceResponse);
}

/// <param name="GoogleClientId">The OAuth client ID for Google Identity Services, or null when none is configured.</param>
/// <param name="DevelopmentSignIn">Whether the built-in development identity provider offers test accounts.</param>
/// <param name="Providers">Every way to sign in from the browser, one button each.</param>
public sealed record AuthConfigResponse(string? GoogleClientId, bool DevelopmentSignIn, IReadOnlyList<AuthProviderResponse> Providers);

/// <param name="Name">The route name of the provider.</param>
/// <param name="DisplayName">What the button calls it.</param>
/// <param name="SignIn">
/// <c>google-button</c>: Google's own button, with <c>googleClientId</c>; <c>redirect</c>: a link to
/// <c>/api/auth/&lt;name&gt;/start?returnUrl=&lt;path&gt;</c>, which comes back signed in or with <c>?signInError=&lt;code&gt;</c>.
/// </param>
public sealed record AuthProviderResponse(string Name, string DisplayName, string SignIn)
{
    public const string GoogleButton = "google-button";
    public const string Redirect = "redirect";
}
