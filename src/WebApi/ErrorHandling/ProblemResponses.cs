using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GoogleLogin.WebApi.ErrorHandling;

/// <summary>ProblemDetails answers made from <see cref="ErrorCatalogue"/>: status, title, detail and <c>code</c>.</summary>
internal static class ProblemResponses
{
    /// <summary>The extension member every ProblemDetails of this app carries.</summary>
    public const string CodeMember = "code";

    /// <summary>The answer for <paramref name="code"/>, with field errors when <paramref name="errors"/> names any.</summary>
    public static ProblemDetails Create(ErrorCode code, IDictionary<string, string[]>? errors = null, string? detail = null)
    {
        var description = code.Describe();
        ProblemDetails problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = description.Status;
        problem.Title = description.Title;
        problem.Detail = detail ?? description.Detail;
        problem.Extensions[CodeMember] = code.Name();
        return problem;
    }

    /// <summary>An endpoint's typed answer for <paramref name="code"/>.</summary>
    public static ProblemHttpResult Result(ErrorCode code, string? detail = null) => TypedResults.Problem(Create(code, detail: detail));

    /// <summary>An endpoint's typed answer for a refused request whose fields <paramref name="errors"/> names.</summary>
    public static ValidationProblem ValidationResult(ErrorCode code, IDictionary<string, string[]> errors, string? detail = null)
    {
        var description = code.Describe();
        return TypedResults.ValidationProblem(
            errors,
            detail ?? description.Detail,
            title: description.Title,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { [CodeMember] = code.Name() });
    }

    /// <summary>Answers the request with the ProblemDetails of <paramref name="code"/>, for code that runs outside an endpoint.</summary>
    public static Task WriteProblemAsync(this HttpContext context, ErrorCode code, string? detail = null)
    {
        var problem = Create(code, detail: detail);
        context.Response.StatusCode = problem.Status!.Value;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        }).AsTask();
    }
}
