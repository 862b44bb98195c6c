using System.Security.Claims;
using System.Text.Encodings.Web;
using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.WebApi.ErrorHandling;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Authentication;

/// <summary>
/// Turns the session cookie into a user, so endpoints use <c>RequireAuthorization()</c> as usual.
/// Unauthenticated API calls get a 401 ProblemDetails, never a redirect to a login page.
/// </summary>
internal sealed partial class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ISender sender)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Session";
    public const string SessionIdClaim = "sid";

    // Set when the session could not be read because the database could not be reached.
    private static readonly object DatabaseUnavailableKey = new();

    /// <summary>Whether the request's session cookie went unchecked because the database could not be reached.</summary>
    public static bool CouldNotCheck(HttpContext context) => context.Items.ContainsKey(DatabaseUnavailableKey);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = SessionCookie.Read(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        AuthenticatedSession? session;
        try
        {
            session = await sender.Send(new AuthenticateSessionQuery(token), Context.RequestAborted);
        }
        catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
        {
            // Every request carrying the cookie is checked, health checks and public pages too: those go on as
            // anonymous ones, and only what needs the session answers 503 (the challenge below).
            LogDatabaseUnavailable(Logger, exception);
            Context.Items[DatabaseUnavailableKey] = true;
            return AuthenticateResult.Fail("The session could not be read: the database is unavailable.");
        }

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
        if (CouldNotCheck(Context))
        {
            // The session may well be alive: the cookie stays.
            await Context.WriteProblemAsync(ErrorCode.DatabaseUnavailable);
            return;
        }

        SessionCookie.DeleteIfSent(Context);
        await Context.WriteProblemAsync(ErrorCode.NotSignedIn);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session could not be checked: the database is unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}
