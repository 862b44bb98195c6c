using GoogleLogin.Application.Auth.GetSignInOptions;
using GoogleLogin.Application.Auth.IssueSignInNonce;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Common;
using GoogleLogin.WebApi.Authentication;
using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.ErrorHandling;
using GoogleLogin.WebApi.Logging;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>Signing in with an ID token the browser got from the provider (Google's button, a test account).</summary>
internal static class SignInEndpoints
{
    public static RouteGroupBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in").DeclaresRefusals();

        group.MapGet("/config", GetConfig)
            .WithName(nameof(GetConfig))
            .WithSummary("Public settings the browser needs to offer sign-in.")
            .WithDescription("Google's client ID when Google's button is offered, whether the development identity provider offers test accounts, and every way to sign in, one button each (Google's button, or a redirect to a provider), the app's brand (Brand:*): its name, logo and terms and privacy links, and how recent a sign-in changing sign-in methods needs, in minutes.");

        // POST, not GET: it sets a cookie and stores a row, so the CSRF rules apply to it.
        group.MapPost("/nonce", IssueNonce)
            .WithName(nameof(IssueNonce))
            .RequireRateLimiting(SignInRateLimiting.NoncePolicy)
            // Google's button asks for one as the sign-in page loads.
            .WithMetadata(RequestLogLevel.PartOfAPageLoad)
            // The key nonces are sealed with is read from the database once.
            .Refuses(ErrorCode.DatabaseUnavailable)
            .WithSummary("A single-use sign-in nonce bound to this browser.")
            .WithDescription("A nonce valid for 5 minutes, to pass to the identity provider and send back with its ID token (Cache-Control: no-store). Sets the pre-login cookie (HttpOnly, SameSite=Strict) that binds the nonce to this browser: only a sign-in carrying it can use the nonce. A browser that has the cookie keeps its value, so every tab can sign in.");

        // Literal routes such as /logout win over this one; other names select an identity provider.
        group.MapPost("/{provider}", SignIn)
            .WithName(nameof(SignIn))
            .TakesIdToken()
            .Refuses(
                ErrorCode.TokenRejected,
                ErrorCode.NotAllowed,
                ErrorCode.AccountDisabled,
                ErrorCode.UnknownProvider,
                ErrorCode.EmailConflict,
                ErrorCode.ProviderUnavailable,
                // Its login removed while it ran, twice over; or a deadlock.
                ErrorCode.ChangedMeanwhile,
                ErrorCode.DatabaseUnavailable)
            .WithSummary("Exchange an identity provider's ID token for a session cookie.")
            .WithDescription("Verifies the ID token locally (signature, issuer, audience, lifetime) and its nonce (issued by POST /api/auth/nonce to this browser, used up), finds or creates the user by issuer and subject, and opens a server-side session in an HttpOnly cookie; a live session whose cookie the request carries is revoked. A new account whose verified email belongs to an account that signs in another way is refused (409, email_conflict).");

        return group;
    }

    public static async Task<Ok<AuthConfigResponse>> GetConfig(
        ISender sender, IOptions<BrandOptions> brandOptions, IOptions<Application.Auth.SessionOptions> sessionOptions, CancellationToken cancellationToken)
    {
        var brand = brandOptions.Value;
        var options = await sender.Send(new GetSignInOptionsQuery(), cancellationToken);
        var googleClientId = options.Providers.FirstOrDefault(p => p.Method == SignInMethod.GoogleButton)?.ClientId;
        return TypedResults.Ok(new AuthConfigResponse(
            googleClientId,
            options.DevelopmentSignIn,
            [.. options.Providers.Select(p => new AuthProviderResponse(p.Name, p.DisplayName, p.Method))],
            new BrandResponse(brand.Name, brand.LogoUrl, brand.TermsUrl, brand.PrivacyUrl),
            // Whole minutes, rounded down: the page's copy never promises longer than the rule allows.
            (int)sessionOptions.Value.ReauthenticationWindow.TotalMinutes));
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
}

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
        .Refuses(ErrorCode.ValidationFailed);
}

/// <param name="IdToken">The ID token (a JWT) the identity provider gave the browser.</param>
/// <param name="Nonce">The nonce from <c>POST /api/auth/nonce</c> that the browser passed to the identity provider.</param>
public sealed record SignInRequest(string? IdToken = null, string? Nonce = null)
{
    public override string ToString() => nameof(SignInRequest);
}

/// <param name="Nonce">Pass to the identity provider (Google's <c>nonce</c> parameter), then send back with the ID token.</param>
public sealed record NonceResponse(string Nonce)
{
    public override string ToString() => nameof(NonceResponse);
}

/// <param name="GoogleClientId">The client ID Google's button runs with: the <c>google-button</c> provider's; null when none is offered.</param>
/// <param name="DevelopmentSignIn">Whether the built-in development identity provider offers test accounts.</param>
/// <param name="Providers">Every way to sign in from the browser, one button each.</param>
/// <param name="Brand">What the app calls itself: for page titles, the header and the sign-in card.</param>
/// <param name="ReauthenticationWindowMinutes">
/// How recent a sign-in changing sign-in methods needs, in whole minutes (<c>Auth:Sessions:ReauthenticationWindow</c>,
/// rounded down), for the page's copy: "a sign-in from the last 10 minutes".
/// </param>
public sealed record AuthConfigResponse(
    string? GoogleClientId, bool DevelopmentSignIn, IReadOnlyList<AuthProviderResponse> Providers, BrandResponse Brand, int ReauthenticationWindowMinutes);

/// <param name="Name">The app's name (<c>Brand:Name</c>).</param>
/// <param name="LogoUrl">A path of this site to a picture shown beside the name; null for none.</param>
/// <param name="TermsUrl">The terms of service, linked under the sign-in card; null for none.</param>
/// <param name="PrivacyUrl">The privacy policy, linked under the sign-in card; null for none.</param>
public sealed record BrandResponse(string Name, string? LogoUrl, string? TermsUrl, string? PrivacyUrl);

/// <param name="Name">The route name of the provider.</param>
/// <param name="DisplayName">What the button calls it.</param>
/// <param name="SignIn">
/// <c>google-button</c>: Google's own button, with <c>googleClientId</c>; <c>redirect</c>: a link to
/// <c>/api/auth/{name}/start?returnUrl={path}</c>, which comes back signed in or with <c>?signInError={code}</c>.
/// </param>
public sealed record AuthProviderResponse(string Name, string DisplayName, SignInMethod SignIn);
