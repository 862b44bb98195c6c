namespace GoogleLogin.WebApi.Endpoints;

/// <summary>Serves the built React app from wwwroot, with index.html for client-side routes.</summary>
internal static class SpaEndpoints
{
    public static WebApplication UseSpaStaticFiles(this WebApplication app)
    {
        // Client routes get index.html. Requests that matched an endpoint (including the 405 for a
        // wrong method), paths with a file extension, and anything under /api do not: an unknown
        // API path stays an API answer (a ProblemDetails 404), never the HTML page.
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (context.GetEndpoint() is null &&
                (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
                !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) &&
                !Path.HasExtension(request.Path.Value))
            {
                request.Path = "/index.html";
            }

            return next(context);
        });

        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                // Vite fingerprints everything under /assets, so those never change; index.html must be revalidated.
                context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }
}
