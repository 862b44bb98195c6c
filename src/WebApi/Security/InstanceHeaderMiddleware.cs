using GoogleLogin.WebApi.Configuration;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Adds <c>X-Instance: &lt;Instance:Name&gt;</c> to every answer, so that behind a load balancer one
/// can see which instance served a request. Registered first, and set as the response starts (like
/// <see cref="SecurityHeadersMiddleware"/>), so error answers written by the exception handler, the
/// status code pages or any check carry it too. With no name configured it is not in the pipeline.
/// </summary>
internal sealed class InstanceHeaderMiddleware(RequestDelegate next, string instanceName)
{
    public const string HeaderName = "X-Instance";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, name) = ((HttpContext, string))state;
            context.Response.Headers[HeaderName] = name;
            return Task.CompletedTask;
        }, (context, instanceName));
        return next(context);
    }
}

internal static class InstanceHeaderExtensions
{
    public static IApplicationBuilder UseInstanceHeader(this IApplicationBuilder app)
    {
        var name = app.ApplicationServices.GetRequiredService<IOptions<InstanceOptions>>().Value.Name;
        return string.IsNullOrEmpty(name) ? app : app.UseMiddleware<InstanceHeaderMiddleware>(name);
    }
}
