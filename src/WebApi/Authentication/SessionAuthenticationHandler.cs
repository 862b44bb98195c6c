using System.Security.Claims;
using System.Text.Encodings.Web;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.WebApi.ErrorHandling;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// Turns the session cookie into a user, so endpoints use <c>RequireAuthorization()</c> as usual.
/// Unauthenticated API calls get a 401 ProblemDetails, never a redirect to a login page.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ISender sender)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Session";
    public const string SessionIdClaim = "sid";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = SessionCookie.Read(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await sender.Send(new AuthenticateSessionQuery(token), Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("The session is unknown, expired or revoked.");
        }

        // The endpoint answers from what the check read (GET /api/users/me shows the user): no second read.
        Context.Features.Set(session);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, session.UserId.ToString()),
                new Claim(SessionIdClaim, session.SessionId.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (SessionCookie.Read(Request) is not null)
        {
            // The cookie is dead; stop the browser from sending it.
            SessionCookie.Delete(Response);
        }

        await Context.WriteProblemAsync(ErrorCode.NotSignedIn);
    }
}
