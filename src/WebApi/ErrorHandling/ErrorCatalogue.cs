using System.Collections.Frozen;
using System.Text.Json;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;

namespace GoogleLogin.WebApi.ErrorHandling;

/// <summary>
/// Every refusal a client can meet, by the stable code it carries: <c>code</c> in each
/// <c>application/problem+json</c> answer, and <c>?signInError=</c> / <c>?linkError=</c> after a redirect.
/// The code is the name in snake case (<c>TokenRejected</c> is <c>token_rejected</c>). Clients key their
/// messages by it; titles and details are for people and may change. Never rename or reuse one.
/// </summary>
public enum ErrorCode
{
    ValidationFailed,
    MalformedRequest,
    NotSignedIn,
    CsrfRejected,
    NotFound,
    MethodNotAllowed,
    BodyTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Unexpected,
    NotReady,
    TokenRejected,
    UnknownProvider,
    NotAllowed,
    AccountDisabled,
    EmailConflict,
    ProviderUnavailable,
    ReauthenticationRequired,
    ReauthenticationMismatch,
    LoginInUse,
    LastLogin,
    AccessDenied,
    ProviderError,
    InvalidState,
    ExchangeFailed,
    CrossSiteStart,
    UnknownTestAccount,
    InvalidAuthorizationRequest,
    UnknownHost,
    ChangedMeanwhile,
    DatabaseUnavailable,
}

/// <summary>How an <see cref="ErrorCode"/> is answered.</summary>
/// <param name="Status">The HTTP status of its ProblemDetails (a redirect's failure is a 302 carrying the code instead).</param>
/// <param name="Title">The answer's title, for people.</param>
/// <param name="Detail">The answer's detail when the refusal gives none of its own.</param>
/// <param name="When">What causes it, for the API's documentation.</param>
public sealed record ErrorDescription(int Status, string Title, string Detail, string When);

/// <summary>The one list of refusals: each code's status, title and detail, and which exception raises which code.</summary>
public static class ErrorCatalogue
{
    private static readonly FrozenDictionary<ErrorCode, string> Names =
        Enum.GetValues<ErrorCode>().ToFrozenDictionary(code => code, code => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString()));

    /// <summary>Every code, in the order the documentation lists them.</summary>
    public static IReadOnlyList<ErrorCode> Codes { get; } = Enum.GetValues<ErrorCode>();

    /// <summary>The code as clients read it: <c>token_rejected</c>.</summary>
    public static string Name(this ErrorCode code) => Names[code];

    // No discard arm: a code added without its description fails the build (CS8509).
#pragma warning disable CS8524 // Unnamed values of the enum are never passed.
    public static ErrorDescription Describe(this ErrorCode code) => code switch
    {
        ErrorCode.ValidationFailed => new(400, "The request is invalid", "Correct the fields named in errors, then try again.",
            "A field is missing, too long or malformed; errors names each field and what is wrong with it."),
        ErrorCode.MalformedRequest => new(400, "The request is malformed", "The request could not be read.",
            "The body is not valid JSON of the expected shape, or a parameter is not of its type."),
        ErrorCode.NotSignedIn => new(401, "Not signed in", "Sign in to continue. The session is missing, expired or has been signed out.",
            "No session cookie, or its session has expired or been revoked; or a link was started without a session, or a redirect re-authentication came back after its session ended."),
        ErrorCode.CsrfRejected => new(403, "Request refused", "State-changing requests must carry the header 'X-CSRF: 1' and come from this site.",
            "A state-changing request lacks 'X-CSRF: 1' or comes from another origin."),
        ErrorCode.NotFound => new(404, "Not found", "There is nothing here.",
            "No such resource (a session or login of another user is no such resource), or no such API path."),
        ErrorCode.MethodNotAllowed => new(405, "Method not allowed", "This path does not answer that method.",
            "The path exists, but not with this method."),
        ErrorCode.BodyTooLarge => new(413, "Request too large", "The request body is too long.",
            "The body is longer than the endpoint accepts."),
        ErrorCode.UnsupportedMediaType => new(415, "Unsupported media type", "Send the body as application/json (UTF-8).",
            "The body is not application/json (UTF-8 when a charset is given)."),
        ErrorCode.RateLimited => new(429, "Too many requests", "Too many requests from this address. Try again later.",
            "Too many requests from this address; the Retry-After header says when to try again."),
        ErrorCode.Unexpected => new(500, "Unexpected error", "The server could not complete the request.",
            "A fault of the server; the log line with the answer's traceId says what."),
        ErrorCode.NotReady => new(503, "Not ready", "A health check failed.",
            "A readiness check failed (the database cannot be reached); the detail names it."),
        ErrorCode.TokenRejected => new(401, "Sign-in failed", "The ID token could not be verified. Sign in again.",
            "The ID token failed verification, or its nonce is missing, unknown, expired, used, not the one sent, or was issued to another browser (the pre-login cookie is missing or different)."),
        ErrorCode.UnknownProvider => new(404, "Unknown identity provider", "No identity provider of that name is configured.",
            "No identity provider of that name is configured (for a redirect: none of that name offers one)."),
        ErrorCode.NotAllowed => new(403, "Account not allowed", "This application only admits accounts of its allowed organisations.",
            "The account is outside the allowed hosted domains or tenants."),
        ErrorCode.AccountDisabled => new(403, "Account disabled", "This account has been disabled.",
            "The account is disabled."),
        ErrorCode.EmailConflict => new(409, "Email already registered", "This email address belongs to another account here. Sign in the way you signed in before.",
            "The token's verified email is registered to an account that signs in another way; the detail names how."),
        ErrorCode.ProviderUnavailable => new(503, "Sign-in is temporarily unavailable", "The identity provider cannot be reached. Try again in a moment.",
            "The identity provider's signing keys, discovery document, token endpoint or userinfo endpoint cannot be read right now; the detail says which."),
        ErrorCode.ReauthenticationRequired => new(403, "Sign in again to change sign-in methods", "Changing sign-in methods needs a recent sign-in. Sign in again, then try again.",
            "The session was opened longer ago than Auth:Sessions:ReauthenticationWindow."),
        ErrorCode.ReauthenticationMismatch => new(403, "That account is not one of yours here", "Sign in again with one of this account's sign-in methods.",
            "Re-authentication in place proved an account that is none of the signed-in user's logins; the session stays as it was."),
        ErrorCode.LoginInUse => new(409, "This account is already in use", "This account signs in to another account here. Choose another, or sign in with it and remove it there first.",
            "The provider account already signs in to another user."),
        ErrorCode.LastLogin => new(409, "This is your only way to sign in", "Link another sign-in method first: without one, nobody could sign in to this account again.",
            "It is the user's only login: link another first."),
        ErrorCode.AccessDenied => new(403, "Sign-in was cancelled", "You declined at the provider.",
            "Redirect only: the person declined at the provider (its error=access_denied)."),
        ErrorCode.ProviderError => new(400, "The provider could not sign you in", "The provider answered with an error.",
            "Redirect only: the provider sent the browser back with another error; its own description is not shown."),
        ErrorCode.InvalidState => new(400, "This sign-in link has expired or was already used", "Sign-ins must finish in the browser that started them, within 10 minutes.",
            "Redirect only: the callback's state is unknown, used, expired, for another provider or from another browser, or came without a code or with another issuer's iss (RFC 9207)."),
        ErrorCode.ExchangeFailed => new(400, "The provider did not confirm your sign-in", "The provider did not redeem the authorization code.",
            "Redirect only: the token endpoint refused the code or answered without an ID token."),
        ErrorCode.CrossSiteStart => new(403, "Sign-in was not started here", "Another site tried to start a sign-in.",
            "Redirect only: another site sent the browser to start a sign-in (Sec-Fetch-Site cross-site or same-site), or the request is no top-level navigation (Sec-Fetch-Dest other than document, Sec-Fetch-Mode other than navigate)."),
        ErrorCode.UnknownTestAccount => new(404, "Unknown test account", "There is no test account with that ID.",
            "Development identity provider: no test account has that ID."),
        ErrorCode.InvalidAuthorizationRequest => new(400, "The sign-in request is invalid", "The app that sent you here asked for what the development provider does not offer.",
            "Development identity provider: the authorization request names another client, redirect URI, scope, response type or challenge method; errors names each."),
        ErrorCode.UnknownHost => new(400, "Unknown host", "This app answers only at its public address.",
            "Hosting:PublicOrigin is set and the request's Host names another host; answered before any endpoint, health checks excepted."),
        ErrorCode.ChangedMeanwhile => new(409, "Changed meanwhile", "Something this request changes was changed by another request first. Reload and try again.",
            "A parallel request changed or removed what this one read before it saved, or the database gave up on this one for a parallel one (a deadlock); nothing was saved. Try again."),
        ErrorCode.DatabaseUnavailable => new(503, "Temporarily unavailable", "The service cannot reach its database. Try again in a moment.",
            "The database is down, unreachable, restarting, out of connections or space, or locked too long; nothing was saved. Retry later."),
    };
#pragma warning restore CS8524

    /// <summary>
    /// The code of an exception the application raises on purpose, and the detail it adds to the code's;
    /// null for any other exception, which is a fault (500, or <c>unexpected</c> after a redirect).
    /// </summary>
    public static (ErrorCode Code, string? Detail)? Of(Exception exception) => exception switch
    {
        RequestValidationException => (ErrorCode.ValidationFailed, null),
        IdentityTokenRejectedException => (ErrorCode.TokenRejected, null),
        IdentityProviderUnavailableException unavailable => (ErrorCode.ProviderUnavailable, ProviderUnavailability.Detail(unavailable)),
        UnknownIdentityProviderException => (ErrorCode.UnknownProvider, null),
        IdentityNotAllowedException => (ErrorCode.NotAllowed, null),
        EmailAlreadyRegisteredException clash => (ErrorCode.EmailConflict,
            $"This email address belongs to an account that signs in with {clash.OwnerProviderDisplayName}. " +
            $"Sign in with {clash.OwnerProviderDisplayName}, then link {clash.ProviderDisplayName} from your account page."),
        UserInactiveException => (ErrorCode.AccountDisabled, null),
        NotFoundException => (ErrorCode.NotFound, null),
        ReauthenticationRequiredException reauthentication => (ErrorCode.ReauthenticationRequired,
            $"Changing sign-in methods needs a sign-in from the last {Duration(reauthentication.Window)}. Sign in again, then try again."),
        ReauthenticationMismatchException => (ErrorCode.ReauthenticationMismatch, null),
        SessionEndedException => (ErrorCode.NotSignedIn, null),
        LoginBelongsToAnotherUserException taken => (ErrorCode.LoginInUse,
            $"This {taken.ProviderDisplayName} account signs in to another account here. Choose another, or sign in with it and remove it there first."),
        LastLoginException => (ErrorCode.LastLogin, null),
        AuthorizationRefusedException { Declined: true } => (ErrorCode.AccessDenied, null),
        AuthorizationRefusedException => (ErrorCode.ProviderError, null),
        InvalidAuthorizationStateException => (ErrorCode.InvalidState, null),
        CodeExchangeFailedException => (ErrorCode.ExchangeFailed, null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (ErrorCode.BodyTooLarge, null),
        BadHttpRequestException => (ErrorCode.MalformedRequest, null),
        ChangedMeanwhileException => (ErrorCode.ChangedMeanwhile, null),
        _ when DatabaseFailure.IsLostToParallelRequest(exception) => (ErrorCode.ChangedMeanwhile, null),
        _ when DatabaseFailure.IsUnavailable(exception) => (ErrorCode.DatabaseUnavailable, null),
        _ => null,
    };

    /// <summary>The member of an email_conflict answer (and query parameter after a redirect) naming the provider to sign in with.</summary>
    public const string SignInWithMember = "signInWith";

    /// <summary>
    /// What a refusal's answer carries beside its code, for the page to act on: members of its ProblemDetails,
    /// query parameters of a redirect's failure. Only values the application chose, never what a request sent.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ExtensionsOf(Exception exception) => exception switch
    {
        // The route name of a provider the existing account signs in with: the page offers its button.
        EmailAlreadyRegisteredException clash => [new(SignInWithMember, clash.OwnerProvider)],
        _ => [],
    };

    /// <summary>
    /// The code of an answer the framework wrote with a status and no code of ours (a body that does not bind,
    /// a path that matches nothing, a method a path does not answer).
    /// </summary>
    public static ErrorCode ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCode.MalformedRequest,
        StatusCodes.Status401Unauthorized => ErrorCode.NotSignedIn,
        StatusCodes.Status404NotFound => ErrorCode.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCode.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ErrorCode.BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCode.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCode.RateLimited,
        _ => ErrorCode.Unexpected,
    };

    /// <summary>A configured window in words: "10 minutes", "1 minute", "30 seconds".</summary>
    private static string Duration(TimeSpan window) => window >= TimeSpan.FromMinutes(1)
        ? $"{window.TotalMinutes:0.#} minute{(window == TimeSpan.FromMinutes(1) ? string.Empty : "s")}"
        : $"{window.TotalSeconds:0} second{(window == TimeSpan.FromSeconds(1) ? string.Empty : "s")}";
}
