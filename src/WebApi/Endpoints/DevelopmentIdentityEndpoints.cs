using System.Net;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// The development identity provider's own API: the account chooser's list, token minting, and its
/// key set. Mapped only when development sign-in is active (Development environment only), and
/// answering only requests from this machine, addressed to it by a loopback name. These
/// play Google's part, so they call the provider directly rather than the application's handlers.
/// </summary>
internal static class DevelopmentIdentityEndpoints
{
    public static IEndpointRouteBuilder MapDevelopmentIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(PathPrefix).WithTags("Development identity provider").AnswersMiddlewareProblems();

        group.MapGet("/accounts", GetAccounts)
            .AnswersProblem(StatusCodes.Status404NotFound, $"The {NotFromThisMachine}")
            .WithSummary("Test accounts the development sign-in offers.");
        group.MapPost("/token", MintToken)
            .AnswersProblem(StatusCodes.Status404NotFound, $"There is no test account with that ID, or the {NotFromThisMachine}")
            .WithSummary("An ID token, shaped and signed like Google's, for a test account.");
        group.MapPost("/authorize", Authorize)
            .AnswersProblem(StatusCodes.Status404NotFound, $"There is no test account with that ID, or the {NotFromThisMachine}")
            .WithSummary("The development provider's answer to an authorization request: where to send the browser back to, with a code or access_denied.");
        group.MapGet("/certs", GetKeySet)
            .Produces<object>(StatusCodes.Status200OK, "application/json")
            .AnswersProblem(StatusCodes.Status404NotFound, $"The {NotFromThisMachine}")
            .WithSummary("The development signing key, as a JSON Web Key Set.");
        return app;
    }

    private const string PathPrefix = "/api/dev-identity";
    private const string NotFromThisMachine = "request is not from this machine to localhost, 127.0.0.1 or [::1].";

    /// <summary>
    /// Anyone who reaches these endpoints can sign in as anyone. A web page could reach them through
    /// DNS rebinding (its own name, resolved to this machine) and another machine over the network;
    /// both are answered 404 as if the endpoints did not exist. A middleware rather than an endpoint
    /// filter, and before the CSRF, content type and body checks: even how these endpoints refuse a
    /// malformed request stays invisible from elsewhere.
    /// </summary>
    public static IApplicationBuilder UseDevelopmentIdentityOnlyFromThisMachine(this IApplicationBuilder app) =>
        app.Use((context, next) => context.Request.Path.StartsWithSegments(PathPrefix) && !IsFromThisMachine(context)
            ? context.WriteProblemAsync(StatusCodes.Status404NotFound, "Not Found")
            : next(context));

    private static bool IsFromThisMachine(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var loopbackName = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]";
        var client = context.Connection.RemoteIpAddress;
        var loopbackClient = client is not null && IPAddress.IsLoopback(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);
        return loopbackName && loopbackClient;
    }

    public static Ok<IEnumerable<TestAccountResponse>> GetAccounts(DevelopmentIdentityProvider provider) =>
        TypedResults.Ok(provider.Accounts.Select(a => new TestAccountResponse(a.Id, a.Name, a.Email, a.EmailVerified, a.HostedDomain, a.Description)));

    public static Results<Ok<MintTokenResponse>, ValidationProblem, ProblemHttpResult> MintToken(
        MintTokenRequest request,
        DevelopmentIdentityProvider provider)
    {
        var (account, invalid, unknown) = ChooseAccount(provider, request.AccountId, request.Email, request.Name);
        if (invalid is not null)
        {
            return invalid;
        }

        return account is null ? unknown! : TypedResults.Ok(new MintTokenResponse(provider.MintIdToken(account, request.Nonce)));
    }

    /// <summary>
    /// The account chooser at <see cref="DevelopmentSignIn.AuthorizationPath"/> posts the authorization request it
    /// was sent with, and the person's choice; it then sends the browser where this says. A request this provider
    /// cannot answer (another client, another redirect URI) is refused here, never redirected.
    /// </summary>
    public static Results<Ok<AuthorizeResponse>, ValidationProblem, ProblemHttpResult> Authorize(
        AuthorizeRequest request,
        DevelopmentIdentityProvider provider,
        DevelopmentAuthorizationServer authorizationServer)
    {
        var authorization = new DevelopmentAuthorizationRequest(
            request.ResponseType, request.ClientId, request.RedirectUri, request.Scope, request.State, request.Nonce, request.CodeChallenge, request.CodeChallengeMethod);
        var errors = DevelopmentAuthorizationServer.Validate(authorization);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors,
                title: "The sign-in request is invalid",
                detail: $"The app that sent you here asked for what the development provider does not offer. {string.Join(" ", errors.Values.SelectMany(messages => messages))}");
        }

        if (request.Deny)
        {
            return TypedResults.Ok(new AuthorizeResponse(DevelopmentAuthorizationServer.Deny(authorization).AbsoluteUri));
        }

        var (account, invalid, unknown) = ChooseAccount(provider, request.AccountId, request.Email, request.Name);
        if (invalid is not null)
        {
            return invalid;
        }

        return account is null ? unknown! : TypedResults.Ok(new AuthorizeResponse(authorizationServer.Approve(authorization, account).AbsoluteUri));
    }

    /// <summary>A listed test account by ID, or one for a typed-in email; otherwise the problem to answer.</summary>
    private static (TestAccount? Account, ValidationProblem? Invalid, ProblemHttpResult? Unknown) ChooseAccount(DevelopmentIdentityProvider provider, string? accountId, string? email, string? name)
    {
        if (!string.IsNullOrWhiteSpace(accountId))
        {
            return provider.FindAccount(accountId) is { } known
                ? (known, null, null)
                : (null, null, TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Unknown test account",
                    detail: $"There is no test account '{accountId}'."));
        }

        if (email is { Length: > 3 and <= Limits.EmailLength } && email.Trim().IndexOf('@', StringComparison.Ordinal) is > 0 && !email.Trim().EndsWith('@'))
        {
            return (DevelopmentIdentityProvider.CustomAccount(email, name is { Length: <= Limits.NameLength } ? name : null), null, null);
        }

        return (null, TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["email"] = ["Choose a test account, or type an email address such as someone@example.com."] },
            title: "The request is invalid"), null);
    }

    public static IResult GetKeySet(DevelopmentIdentityProvider provider) =>
        TypedResults.Text(provider.KeySetJson, "application/json");
}

public sealed record TestAccountResponse(string Id, string Name, string Email, bool EmailVerified, string? HostedDomain, string Description);

/// <param name="AccountId">One of the listed test accounts; or leave it out and give an email.</param>
/// <param name="Email">Any email address, to sign in as an account that is not listed.</param>
/// <param name="Name">The display name for a typed-in email.</param>
/// <param name="Nonce">Copied into the token's <c>nonce</c> claim, as Google does.</param>
public sealed record MintTokenRequest(string? AccountId = null, string? Email = null, string? Name = null, string? Nonce = null);

/// <summary>An authorization request as the account chooser received it (OpenID Connect Core 1.0, 3.1.2.1), and the person's choice.</summary>
/// <param name="Deny">The person cancelled: the client gets <c>error=access_denied</c>.</param>
/// <param name="AccountId">One of the listed test accounts; or leave it out and give an email.</param>
/// <param name="Email">Any email address, to sign in as an account that is not listed.</param>
/// <param name="Name">The display name for a typed-in email.</param>
public sealed record AuthorizeRequest(
    string? ResponseType = null,
    string? ClientId = null,
    string? RedirectUri = null,
    string? Scope = null,
    string? State = null,
    string? Nonce = null,
    string? CodeChallenge = null,
    string? CodeChallengeMethod = null,
    bool Deny = false,
    string? AccountId = null,
    string? Email = null,
    string? Name = null);

/// <param name="RedirectTo">The client's redirect URI with <c>code</c> and <c>state</c>, or with <c>error=access_denied</c>.</param>
public sealed record AuthorizeResponse(string RedirectTo)
{
    // It carries an authorization code.
    public override string ToString() => nameof(AuthorizeResponse);
}

public sealed record MintTokenResponse(string Credential)
{
    public override string ToString() => nameof(MintTokenResponse);
}
