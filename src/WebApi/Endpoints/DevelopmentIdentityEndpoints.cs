using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Identity.Development;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// The development identity provider's own API: the account chooser's list, token minting, and its
/// key set. Mapped only when development sign-in is active (Development environment only). These
/// play Google's part, so they call the provider directly rather than the application's handlers.
/// </summary>
internal static class DevelopmentIdentityEndpoints
{
    public static IEndpointRouteBuilder MapDevelopmentIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dev-identity").WithTags("Development identity provider").AnswersMiddlewareProblems();

        group.MapGet("/accounts", GetAccounts).WithSummary("Test accounts the development sign-in offers.");
        group.MapPost("/token", MintToken)
            .AnswersProblem(StatusCodes.Status404NotFound, "There is no test account with that ID.")
            .WithSummary("An ID token, shaped and signed like Google's, for a test account.");
        group.MapGet("/certs", GetKeySet)
            .Produces<object>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The development signing key, as a JSON Web Key Set.");
        return app;
    }

    public static Ok<IEnumerable<TestAccountResponse>> GetAccounts(DevelopmentIdentityProvider provider) =>
        TypedResults.Ok(provider.Accounts.Select(a => new TestAccountResponse(a.Id, a.Name, a.Email, a.EmailVerified, a.HostedDomain, a.Description)));

    public static Results<Ok<MintTokenResponse>, ValidationProblem, ProblemHttpResult> MintToken(
        MintTokenRequest request,
        DevelopmentIdentityProvider provider)
    {
        TestAccount account;
        if (!string.IsNullOrWhiteSpace(request.AccountId))
        {
            var known = provider.FindAccount(request.AccountId);
            if (known is null)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Unknown test account",
                    detail: $"There is no test account '{request.AccountId}'.");
            }

            account = known;
        }
        else if (request.Email is { Length: > 3 and <= Limits.EmailLength } email && email.Trim().IndexOf('@', StringComparison.Ordinal) is > 0 && !email.Trim().EndsWith('@'))
        {
            account = DevelopmentIdentityProvider.CustomAccount(email, request.Name is { Length: <= Limits.NameLength } name ? name : null);
        }
        else
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["email"] = ["Choose a test account, or type an email address such as someone@example.com."] },
                title: "The request is invalid");
        }

        return TypedResults.Ok(new MintTokenResponse(provider.MintIdToken(account, request.Nonce)));
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

public sealed record MintTokenResponse(string Credential)
{
    public override string ToString() => nameof(MintTokenResponse);
}
