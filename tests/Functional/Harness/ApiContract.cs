using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// The committed OpenAPI document (docs/openapi.json), and the check that answers the app really gave
/// (<see cref="AnswerRecorder"/>) are ones it declares: each status, and each body's media type.
/// </summary>
public static partial class ApiContract
{
    private static readonly Lazy<JsonObject> CommittedDocument = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot!, "docs", "openapi.json")))!.AsObject());

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A fresh copy of the committed document.</summary>
    public static JsonObject Document => CommittedDocument.Value.DeepClone().AsObject();

    /// <summary>The answers that <paramref name="document"/> does not declare, described for a test failure.</summary>
    public static IReadOnlyList<string> Undeclared(IEnumerable<ObservedAnswer> answers, JsonObject document)
    {
        var problems = new List<string>();
        foreach (var answer in answers.Distinct())
        {
            var responses = document["paths"]?[answer.Path]?[answer.Method.ToLowerInvariant()]?["responses"];
            var declared = responses?[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (declared is null)
            {
                problems.Add($"{answer.Method} {answer.Path} answered {answer.Status}, which the document does not declare");
            }
            else if (answer.MediaType is not null && declared["content"]?[answer.MediaType] is null)
            {
                problems.Add($"{answer.Method} {answer.Path} answered {answer.Status} as {answer.MediaType}, which the document does not declare");
            }
            else if ((answer.MediaType == "application/problem+json" || answer.Code is not null) &&
                !(declared["x-error-codes"]?.AsArray().Any(code => code!.GetValue<string>() == answer.Code) ?? false))
            {
                problems.Add($"{answer.Method} {answer.Path} answered {answer.Status} with code '{answer.Code}', which the document does not declare for it");
            }
        }

        return problems;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GoogleLogin.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GoogleLogin.sln not found above the test assembly.");
    }

    /// <summary>
    /// "/api/auth/sessions/{id:guid}" as the document writes it: "/api/auth/sessions/{id}"; and with no
    /// trailing slash, which a group's <c>MapPost("")</c> leaves in its pattern.
    /// </summary>
    internal static string DocumentPath(string routePattern) =>
        "/" + RouteConstraint().Replace(routePattern.Trim('/'), "{$1}");

    [GeneratedRegex(@"\{([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}
