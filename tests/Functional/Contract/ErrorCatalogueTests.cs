using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Domain.Users;
using GoogleLogin.WebApi.ErrorHandling;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The one list of refusals: every exception the application raises on purpose has a code, every code is
/// in the served contract and the API guide, and the same refusal has the same code over HTTP and after a redirect.
/// </summary>
public sealed partial class ErrorCatalogueTests
{
    /// <summary>Exceptions that are no refusal: caught inside the application, never answered.</summary>
    private static readonly Type[] NotRefusals = [typeof(ExternalIdentityAlreadyRegisteredException)];

    private static IEnumerable<Type> ExceptionTypes() =>
        typeof(RequestValidationException).Assembly.GetTypes()
            .Concat(typeof(LastLoginException).Assembly.GetTypes())
            .Where(type => typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract && !NotRefusals.Contains(type));

    public static TheoryData<Type> RaisedExceptions() => [.. ExceptionTypes()];

    [Theory]
    [MemberData(nameof(RaisedExceptions))]
    public void Every_exception_the_application_raises_has_a_code(Type exceptionType)
    {
        // Its properties do not decide the code, except where the catalogue reads them (a decline or not).
        var exception = (Exception)RuntimeHelpers.GetUninitializedObject(exceptionType);

        ErrorCatalogue.Of(exception).Should().NotBeNull($"{exceptionType.Name} must be in ErrorCatalogue.Of");
    }

    [Fact]
    public void The_refusal_exceptions_live_in_one_folder()
    {
        ExceptionTypes()
            .Where(type => type.Assembly == typeof(RequestValidationException).Assembly)
            .Should().OnlyContain(type => type.Namespace == typeof(RequestValidationException).Namespace);
    }

    [Fact]
    public void Every_code_is_snake_case_and_unique()
    {
        var names = ErrorCatalogue.Codes.Select(code => code.Name()).ToList();

        names.Should().OnlyHaveUniqueItems().And.OnlyContain(name => SnakeCase().IsMatch(name));
        names.Should().Contain(["token_rejected", "email_conflict", "reauthentication_required", "invalid_state", "rate_limited"]);
    }

    [Fact]
    public void Every_status_is_a_4xx_or_503_except_the_unexpected_fault()
    {
        foreach (var code in ErrorCatalogue.Codes.Where(code => code != ErrorCode.Unexpected))
        {
            code.Describe().Status.Should().Match(status => (status >= 400 && status < 500) || status == 503, code.Name());
        }
    }

    [Fact]
    public void The_contract_declares_every_code_in_its_problem_schemas()
    {
        foreach (var schema in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            var declared = ApiContract.Document["components"]!["schemas"]![schema]!["properties"]!["code"]!["enum"]!.AsArray()
                .Select(code => code!.GetValue<string>());

            declared.Should().Equal(ErrorCatalogue.Codes.Select(code => code.Name()), $"{schema}.code lists every code");
        }
    }

    [Fact]
    public void The_API_guide_has_a_row_for_exactly_every_code_with_its_status()
    {
        var rows = File.ReadAllLines(Path.Combine(ApiContract.RepositoryRoot, "docs", "api.md"))
            .Select(line => CodeRow().Match(line))
            .Where(match => match.Success)
            .ToDictionary(match => match.Groups["code"].Value, match => int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture));

        rows.Should().BeEquivalentTo(ErrorCatalogue.Codes.ToDictionary(code => code.Name(), code => code.Describe().Status));
    }

    [Fact]
    public void Every_code_an_operation_declares_is_in_the_catalogue()
    {
        var known = ErrorCatalogue.Codes.Select(code => code.Name()).ToHashSet();
        foreach (var (_, operations) in ApiContract.Document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in operations!.AsObject())
            {
                foreach (var (_, response) in operation!["responses"]!.AsObject())
                {
                    (response!["x-error-codes"]?.AsArray().Select(code => code!.GetValue<string>()) ?? []).Should().BeSubsetOf(known);
                }
            }
        }
    }

    [Fact]
    public async Task A_refusal_carries_the_same_code_over_HTTP_and_after_a_redirect()
    {
        await using var app = new GoogleLoginApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        var browser = app.CreateBrowser();

        var posted = await browser.SignInAsync("x.y.z", provider: "nobody");
        var started = await browser.GetAsync("/api/auth/nobody/start");

        posted.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        problem["code"]!.GetValue<string>().Should().Be("unknown_provider");
        problem["traceId"].Should().NotBeNull();
        started.StatusCode.Should().Be(HttpStatusCode.Redirect);
        started.Headers.Location!.OriginalString.Should().Be("/?signInError=unknown_provider");
    }

    [Fact]
    public async Task What_the_framework_answers_by_itself_carries_a_code_too()
    {
        await using var app = new GoogleLoginApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        var browser = app.CreateBrowser();

        var unknownPath = await browser.GetAsync("/api/no-such-thing");
        var signedIn = await app.SignedInBrowserAsync("catalogue-framework-answers");
        var notAnInteger = await signedIn.GetAsync("/api/users/me/activity?limit=many");

        unknownPath.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonNode.Parse(await unknownPath.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().Should().Be("not_found");
        notAnInteger.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(await notAnInteger.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().Should().Be("malformed_request");
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^\| `(?<code>[a-z_]+)` \| (?<status>\d{3}) \|")]
    private static partial Regex CodeRow();
}
