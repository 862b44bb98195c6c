using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GoogleLogin.WebApi.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// docs/openapi.json is what the app serves, docs/api.md's API table names exactly the statuses of the
/// product's operations (those marked <see cref="ProductEndpoint"/>: an app's own endpoints are in the
/// document but not in api.md), and the recorder that checks every functional test's answers against it
/// catches an undeclared one.
/// </summary>
public sealed partial class ApiContractTests
{
    [Fact]
    public async Task The_committed_document_is_the_one_the_app_serves_in_development_sign_in()
    {
        // As the build writes it: Development, no client ID, so the development endpoints are mapped.
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));

        var served = await ServedDocumentAsync(app);

        JsonNode.DeepEquals(served, ApiContract.Document).Should().BeTrue(
            "docs/openapi.json must be what the app serves: build src/WebApi (Debug) to rewrite it, and commit it");
    }

    [Fact]
    public async Task Outside_development_the_app_serves_the_committed_document_without_the_development_endpoints()
    {
        await using var app = new GoogleLoginApp();
        await ((IAsyncLifetime)app).InitializeAsync();

        var served = await ServedDocumentAsync(app);

        var expected = ApiContract.Document;
        var paths = expected["paths"]!.AsObject();
        foreach (var path in paths.Select(p => p.Key).Where(p => p.StartsWith("/api/dev-identity/", StringComparison.Ordinal)).ToList())
        {
            paths.Remove(path);
        }

        served["paths"]!.ToJsonString().Should().Be(paths.ToJsonString());
    }

    [Fact]
    public async Task The_API_guide_names_exactly_the_documented_statuses_of_every_product_operation()
    {
        var product = await ProductOperationsAsync();
        var readme = File.ReadAllLines(Path.Combine(ApiContract.RepositoryRoot, "docs", "api.md"));
        var fromReadme = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var row in readme.Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            var operations = Operation().Matches(cells[1]).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToList();
            if (operations.Count == 0)
            {
                continue;
            }

            var statuses = Status().Matches(cells[^2]).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var operation in operations)
            {
                fromReadme.Add(operation, new SortedSet<int>(statuses));
            }
        }

        var fromDocument = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var (name, operation) in Operations(ApiContract.Document).Where(o => product.Contains(o.Name)))
        {
            fromDocument.Add(
                name,
                new SortedSet<int>(operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture))));
        }

        fromDocument.Keys.Should().BeEquivalentTo(product, "docs/openapi.json documents every operation of the product");
        fromReadme.Keys.Should().BeEquivalentTo(product, "docs/api.md's API table lists every operation of the product and no other");
        foreach (var (operation, statuses) in fromDocument)
        {
            fromReadme[operation].Should().BeEquivalentTo(statuses, $"docs/api.md names exactly the statuses the document declares for {operation}");
        }
    }

    [Fact]
    public async Task Every_product_operation_has_an_operation_id_a_summary_and_a_description_and_every_id_is_unique()
    {
        var product = await ProductOperationsAsync();
        var ids = new List<string>();
        foreach (var (name, operation) in Operations(ApiContract.Document))
        {
            if (product.Contains(name))
            {
                operation["operationId"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace(name);
                operation["summary"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace(name);
                operation["description"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace(name);
            }

            // The SPA's generated types key operations by id.
            if (operation["operationId"]?.GetValue<string>() is { } id)
            {
                ids.Add(id);
            }
        }

        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Documented_string_sets_are_enums_in_the_document()
    {
        var schemas = ApiContract.Document["components"]!["schemas"]!;

        Values(schemas["SecurityEventDto"]!["properties"]!["type"]!).Should().Equal(
            "unknown",
            "signed_in",
            "signed_out",
            "session_revoked",
            "signed_out_everywhere",
            "signed_out_elsewhere",
            "login_linked",
            "login_unlinked",
            "sign_in_refused_email_in_use",
            "sign_in_refused_disabled",
            "reauthenticated");
        Values(schemas["AuthProviderResponse"]!["properties"]!["signIn"]!).Should().Equal("google-button", "redirect");

        // An enum is a schema of its own where a property refers to it.
        IEnumerable<string> Values(JsonNode property)
        {
            var schema = property["$ref"] is { } reference
                ? schemas[reference.GetValue<string>().Split('/')[^1]]!
                : property;
            return schema["enum"]!.AsArray().Select(value => value!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_recorder_catches_a_status_content_type_or_code_the_document_does_not_declare()
    {
        await using var app = new GoogleLoginApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        (await app.CreateBrowser().GetAsync("/api/users/me")).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);

        ApiContract.Undeclared(app.Answers.Answers, ApiContract.Document).Should().BeEmpty();

        var without401 = ApiContract.Document;
        without401["paths"]!["/api/users/me"]!["get"]!["responses"]!.AsObject().Remove("401");
        ApiContract.Undeclared(app.Answers.Answers, without401).Should().ContainSingle()
            .Which.Should().Be("GET /api/users/me answered 401, which the document does not declare");

        var asPlainJson = ApiContract.Document;
        var content = asPlainJson["paths"]!["/api/users/me"]!["get"]!["responses"]!["401"]!["content"]!.AsObject();
        content["application/json"] = content["application/problem+json"]!.DeepClone();
        content.Remove("application/problem+json");
        ApiContract.Undeclared(app.Answers.Answers, asPlainJson).Should().ContainSingle()
            .Which.Should().Contain("as application/problem+json");

        var withoutItsCode = ApiContract.Document;
        withoutItsCode["paths"]!["/api/users/me"]!["get"]!["responses"]!["401"]!["x-error-codes"] = new JsonArray("csrf_rejected");
        ApiContract.Undeclared(app.Answers.Answers, withoutItsCode).Should().ContainSingle()
            .Which.Should().Be("GET /api/users/me answered 401 with code 'not_signed_in', which the document does not declare for it");
    }

    /// <summary>
    /// The product's operations ("GET /api/users/me"), as the document names them: the endpoints marked
    /// <see cref="ProductEndpoint"/>, of the app as the build documents it (Development, development sign-in).
    /// </summary>
    private static async Task<IReadOnlySet<string>> ProductOperationsAsync()
    {
        await using var app = await GoogleLoginApp.StartAsync("Development", ("Auth:Google:ClientIds:0", null));
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<ProductEndpoint>() is not null)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {ApiContract.DocumentPath(endpoint.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value!);

    private static async Task<JsonObject> ServedDocumentAsync(GoogleLoginApp app)
    {
        var response = await app.CreateBrowser().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        // The server list names the host that asked; the build-time document has none.
        served.Remove("servers");
        return served;
    }

    [GeneratedRegex(@"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]*)`")]
    private static partial Regex Operation();

    [GeneratedRegex(@"\b[1-5]\d\d\b")]
    private static partial Regex Status();
}
