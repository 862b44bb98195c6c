using System.Net;
using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Identity.Google;
using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
        var loopbackName = IsLoopbackName(host);
        var client = context.Connection.RemoteIpAddress;
        var loopbackClient = client is not null && IsLoopback(client);
        return loopbackName && loopbackClient && !ForwardsForAnotherMachine(context.Request.Headers);
    }

    /// <summary>
    /// A loopback peer may be a proxy on this machine (<c>vite --host</c>, which passes <c>Host: localhost</c> on) relaying
    /// another machine: it says so with <c>X-Forwarded-For</c> or <c>Forwarded</c>, each of whose clients must then be
    /// loopback too. <c>Via</c> names no client, so a request that went through a proxy saying only that is remote.
    /// </summary>
    private static bool ForwardsForAnotherMachine(IHeaderDictionary headers)
    {
        if (headers.Via.Count > 0)
        {
            return true;
        }

        var forwardedFor = headers["X-Forwarded-For"].SelectMany(value => value!.Split(','));
        var forwarded = headers["Forwarded"]
            .SelectMany(value => value!.Split([',', ';']))
            .Select(pair => pair.Trim())
            .Where(pair => pair.StartsWith("for=", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[4..].Trim('"'));
        return forwardedFor.Concat(forwarded).Any(client => !IsLoopbackClient(client.Trim()));
    }

    /// <summary>An address as proxies write it (<c>127.0.0.1</c>, <c>::1</c>, <c>[::1]:5173</c>, <c>127.0.0.1:5173</c>), loopback.</summary>
    private static bool IsLoopbackClient(string client) =>
        (IPAddress.TryParse(client, out var address) || IPEndPoint.TryParse(client, out var endPoint) && (address = endPoint.Address) is not null) &&
        IsLoopback(address);

    private static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]";

    /// <summary>
    /// Development sign-in answers this machine only; listening on another interface (<c>ASPNETCORE_URLS=http://0.0.0.0:5080</c>,
    /// <c>HTTP_PORTS</c>, a Kestrel endpoint) invites other machines, with nothing but the peer check between them and
    /// a token for any email. Stops start-up, naming the address.
    /// </summary>
    public static void RefuseListeningBeyondThisMachine(IConfiguration configuration, bool developmentSignIn)
    {
        if (!developmentSignIn)
        {
            return;
        }

        static string[] List(string? value) => (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] urls = [.. List(configuration["urls"]), .. configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>()];
        if (urls.Length == 0)
        {
            // Ports alone (used only without URLs) bind every interface.
            urls = [.. List(configuration["http_ports"]).Concat(List(configuration["https_ports"])).Select(port => $"http://*:{port}")];
        }

        foreach (var url in urls)
        {
            var host = BindingAddress.Parse(url).Host;
            if (!(IsLoopbackName(host) || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsLoopback(address)))
            {
                throw new OptionsValidationException("Auth:Google:Development", typeof(GoogleAuthOptions), [
                    $"Development sign-in signs anyone in as anyone, and answers this machine only, but the app listens on {url}, " +
                    "which other machines can reach. Listen on a loopback address (such as http://localhost:5080), or turn development " +
                    "sign-in off (Auth:Google:Development:Enabled=false, or configure Auth:Google:ClientIds)."]);
            }
        }
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
