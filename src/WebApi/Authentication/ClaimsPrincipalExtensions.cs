using System.Security.Claims;
using GoogleLogin.Application.Auth.AuthenticateSession;

namespace GoogleLogin.WebApi.Authentication;

internal static class ClaimsPrincipalExtensions
{
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The principal has no user id; is the endpoint authorized?"));

    public static Guid GetSessionId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(SessionAuthenticationHandler.SessionIdClaim)
            ?? throw new InvalidOperationException("The principal has no session id; is the endpoint authorized?"));

    /// <summary>The session, and its user, that the request was authenticated with.</summary>
    public static AuthenticatedSession GetAuthenticatedSession(this HttpContext httpContext) =>
        httpContext.Features.Get<AuthenticatedSession>()
            ?? throw new InvalidOperationException("The request has no authenticated session; is the endpoint authorized?");
}
