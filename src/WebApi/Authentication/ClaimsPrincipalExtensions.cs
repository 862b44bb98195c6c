using System.Security.Claims;

namespace GoogleLogin.WebApi.Authentication;

internal static class ClaimsPrincipalExtensions
{
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The principal has no user id; is the endpoint authorized?"));

    public static Guid GetSessionId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(SessionAuthenticationHandler.SessionIdClaim)
            ?? throw new InvalidOperationException("The principal has no session id; is the endpoint authorized?"));
}
