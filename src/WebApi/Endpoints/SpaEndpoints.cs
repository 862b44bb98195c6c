using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// Serves the built React app from wwwroot, with index.html for client-side routes. The frontend
/// build writes a Brotli (.br) and a gzip (.gz) copy beside each text file; a browser that accepts
/// one of those encodings is sent that copy instead, with <c>Content-Encoding</c>.
/// </summary>
internal static class SpaEndpoints
{
    /// <summary>The encodings the frontend build writes, best first, with the suffix of their copies.</summary>
    private static readonly (string Name, string Suffix)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    private static readonly object ContentEncodingKey = new();

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

        app.Use((context, next) => ChooseEncoding(context, app.Environment.WebRootFileProvider, next));

        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new PrecompressedContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var response = context.Context.Response;
                if (context.Context.Items.TryGetValue(ContentEncodingKey, out var encoding))
                {
                    response.Headers.ContentEncoding = (string)encoding!;
                }

                // Vite fingerprints everything under /assets, so those never change; index.html must be revalidated.
                response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    /// <summary>
    /// For a file of the web root that has precompressed copies, points the request at the copy in
    /// the encoding the client prefers (none if it accepts neither) and says that the answer varies
    /// by Accept-Encoding. The copies are never sent under their own names.
    /// </summary>
    private static Task ChooseEncoding(HttpContext context, IFileProvider files, Func<Task> next)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (context.GetEndpoint() is not null ||
            !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) ||
            string.IsNullOrEmpty(path) ||
            request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next();
        }

        if (Encodings.Any(encoding => path.EndsWith(encoding.Suffix, StringComparison.OrdinalIgnoreCase)))
        {
            // Sent as such, a copy would claim its original's type without saying it is compressed.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var original = files.GetFileInfo(path);
        if (!original.Exists || original.IsDirectory)
        {
            return next();
        }

        var available = Encodings.Where(encoding => files.GetFileInfo(path + encoding.Suffix).Exists).ToArray();
        if (available.Length == 0)
        {
            return next();
        }

        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        var best = 0.0;
        (string Name, string Suffix)? chosen = null;
        foreach (var encoding in available)
        {
            var quality = Quality(accepted, encoding.Name);
            if (quality > best)
            {
                best = quality;
                chosen = encoding;
            }
        }

        if (chosen is not { } choice)
        {
            return next();
        }

        context.Items[ContentEncodingKey] = choice.Name;
        return SendCopyAsync(context, path + choice.Suffix, next);
    }

    /// <summary>Serves the copy, then puts the path back, so that the request log names the file asked for.</summary>
    private static async Task SendCopyAsync(HttpContext context, string copy, Func<Task> next)
    {
        var path = context.Request.Path;
        context.Request.Path = copy;
        try
        {
            await next();
        }
        finally
        {
            context.Request.Path = path;
        }
    }

    /// <summary>How much the client wants an encoding (RFC 9110 §12.5.3): 0 when it is not named and there is no <c>*</c>.</summary>
    private static double Quality(IList<StringWithQualityHeaderValue> accepted, string encoding)
    {
        double? wildcard = null;
        foreach (var value in accepted)
        {
            if (string.Equals(value.Value.Value, encoding, StringComparison.OrdinalIgnoreCase))
            {
                return value.Quality ?? 1;
            }

            if (value.Value.Value == "*")
            {
                wildcard = value.Quality ?? 1;
            }
        }

        return wildcard ?? 0;
    }

    /// <summary>A precompressed copy has its original's type; Content-Encoding says how it is compressed.</summary>
    private sealed class PrecompressedContentTypeProvider : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _types = new();

        public bool TryGetContentType(string subpath, [MaybeNullWhen(false)] out string contentType)
        {
            foreach (var (_, suffix) in Encodings)
            {
                if (subpath.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return _types.TryGetContentType(subpath[..^suffix.Length], out contentType);
                }
            }

            return _types.TryGetContentType(subpath, out contentType);
        }
    }
}
