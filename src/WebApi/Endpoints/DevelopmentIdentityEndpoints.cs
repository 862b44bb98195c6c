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
        var group = app.MapGroup(PathPrefix).WithTags("Development identity provider").DeclaresRefusals();

        group.MapGet("/accounts", GetAccounts)
            .WithName(nameof(GetAccounts))
            .Refuses(ErrorCode.NotFound)
            .WithSummary("Test accounts the development sign-in offers.")
            .WithDescription("Development sign-in only, and only for a browser on this machine: the listed test accounts.");
        group.MapPost("/token", MintToken)
            .WithName(nameof(MintToken))
            .Refuses(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.UnknownTestAccount)
            .WithSummary("An ID token for a test account, signed like Google's.")
            .WithDescription("Development sign-in only, and only for a browser on this machine: a Google-shaped ID token for a listed account or any email, carrying the given nonce, signed by the development key.");
        group.MapPost("/authorize", Authorize)
            .WithName(nameof(Authorize))
            .Refuses(ErrorCode.ValidationFailed, ErrorCode.InvalidAuthorizationRequest, ErrorCode.NotFound, ErrorCode.UnknownTestAccount)
            .WithSummary("The development provider's answer to an authorization request.")
            .WithDescription("Development sign-in only, and only for a browser on this machine: where to send the browser back to, with a code (or access_denied when the person cancels). It answers only its own client and a loopback callback, with an S256 code challenge.");
        group.MapGet("/certs", GetKeySet)
            .WithName(nameof(GetKeySet))
            .Produces<object>(StatusCodes.Status200OK, "application/json")
            .Refuses(ErrorCode.NotFound)
            .WithSummary("The development signing key, as a JSON Web Key Set.")
            .WithDescription("Development sign-in only, and only for a browser on this machine.");
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
            ? context.WriteProblemAsync(ErrorCode.NotFound)
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
            return ProblemResponses.ValidationResult(
                ErrorCode.InvalidAuthorizationRequest,
                errors,
                $"{ErrorCode.InvalidAuthorizationRequest.Describe().Detail} {string.Join(" ", errors.Values.SelectMany(messages => messages))}");
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
                : (null, null, ProblemResponses.Result(ErrorCode.UnknownTestAccount));
        }

        if (email is { Length: > 3 and <= Limits.EmailLength } && email.Trim().IndexOf('@', StringComparison.Ordinal) is > 0 && !email.Trim().EndsWith('@'))
        {
            return (DevelopmentIdentityProvider.CustomAccount(email, name is { Length: <= Limits.NameLength } ? name : null), null, null);
        }

        return (null, ProblemResponses.ValidationResult(
            ErrorCode.ValidationFailed,
            new Dictionary<string, string[]> { ["email"] = ["Choose a test account, or type an email address such as someone@example.com."] }), null);
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
