namespace GoogleLogin.WebApi.ErrorHandling;

internal static class ProblemResponses
{
    /// <summary>Answers the request with a ProblemDetails body, for code that runs outside an endpoint.</summary>
    public static Task WriteProblemAsync(this HttpContext context, int status, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
