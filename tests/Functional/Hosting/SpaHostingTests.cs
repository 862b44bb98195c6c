using System.IO.Compression;
using System.Net;
using System.Text;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// WebApi serves the built React app; API paths never turn into the HTML page. Like the frontend
/// build (frontend/scripts/compress.mjs), the test's web root has a .br and a .gz copy beside the
/// script and index.html; the stylesheet has none.
/// </summary>
public sealed class SpaHostingTests : IAsyncLifetime
{
    private const string IndexHtml = "<!doctype html><html><body><div id=\"root\"></div><script type=\"module\" src=\"/assets/app-3f2a.js\"></script></body></html>";
    private static readonly byte[] Script = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"console.log('app {i}');\n")));
    private readonly string _webRoot = Directory.CreateTempSubdirectory("googlelogin-wwwroot-").FullName;
    private readonly GoogleLoginApp _app = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), IndexHtml);
        await File.WriteAllBytesAsync(Path.Combine(_webRoot, "assets", "app-3f2a.js"), Script);
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "assets", "app-3f2a.css"), "body { margin: 0; }");
        foreach (var (file, content) in new[] { ("assets/app-3f2a.js", Script), ("index.html", Encoding.UTF8.GetBytes(IndexHtml)) })
        {
            await File.WriteAllBytesAsync(Path.Combine(_webRoot, file + ".br"), Compress(content, stream => new BrotliStream(stream, CompressionLevel.SmallestSize)));
            await File.WriteAllBytesAsync(Path.Combine(_webRoot, file + ".gz"), Compress(content, stream => new GZipStream(stream, CompressionLevel.SmallestSize)));
        }

        _app.WebRoot = _webRoot;
        await ((IAsyncLifetime)_app).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/profile")]
    [InlineData("/deep/client/route")]
    [InlineData("/apiary")]
    public async Task Pages_and_client_routes_get_index_html_revalidated_on_every_visit(string path)
    {
        var response = await _app.CreateBrowser().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Be(IndexHtml);
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
    }

    [Fact]
    public async Task Fingerprinted_assets_are_cached_for_good()
    {
        var response = await _app.CreateBrowser().GetAsync("/assets/app-3f2a.js");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.ToString().Should().Contain("immutable").And.Contain("max-age=31536000");
    }

    [Fact]
    public async Task A_missing_asset_is_404_not_the_page()
    {
        await (await _app.CreateBrowser().GetAsync("/assets/missing-1234.js")).ShouldBeProblemAsync(404);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/unknown")]
    [InlineData("/API/Users/Nobody")]
    public async Task Unknown_api_paths_stay_problem_details(string path)
    {
        await (await _app.CreateBrowser().GetAsync(path)).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task A_wrong_method_on_an_api_route_is_405()
    {
        var response = await _app.CreateBrowser().GetAsync("/api/auth/logout");

        await response.ShouldBeProblemAsync(405);
    }

    [Fact]
    public async Task The_page_is_sent_with_a_strict_content_security_policy_and_companion_headers()
    {
        var response = await _app.CreateBrowser().GetAsync("/");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("default-src 'self'")
            .And.Contain("script-src 'self' https://accounts.google.com/gsi/client;")
            .And.Contain("frame-src https://accounts.google.com/gsi/")
            .And.Contain("frame-ancestors 'none'")
            .And.NotContain("unsafe-inline")
            .And.NotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("strict-origin-when-cross-origin");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
    }

    [Fact]
    public async Task Error_answers_carry_the_same_headers_and_api_answers_are_never_cached()
    {
        var browser = _app.CreateBrowser();
        var rejected = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/google")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { idToken = "a.b.c" }),
            Headers = { { "X-CSRF", "1" } },
        });
        var anonymous = await browser.GetAsync("/api/users/me");
        var nonce = await browser.RequestNonceAsync();

        await rejected.ShouldBeProblemAsync(401);
        await anonymous.ShouldBeProblemAsync(401);
        foreach (var response in new[] { rejected, anonymous, nonce })
        {
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'");
            response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
            response.Headers.CacheControl!.NoStore.Should().BeTrue();
        }
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("br;q=0.5, gzip;q=0.8", "gzip")]
    [InlineData("*", "br")]
    [InlineData("*;q=0.1, br;q=0", "gzip")]
    public async Task The_script_is_sent_precompressed_in_the_encoding_the_browser_prefers(string acceptEncoding, string expected)
    {
        var response = await GetAsync("/assets/app-3f2a.js", acceptEncoding);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().Equal(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        response.Headers.Vary.Should().Contain("Accept-Encoding");
        response.Headers.CacheControl!.ToString().Should().Contain("immutable").And.Contain("max-age=31536000");
        var body = await response.Content.ReadAsByteArrayAsync();
        response.Content.Headers.ContentLength.Should().Be(body.Length).And.BeLessThan(Script.Length);
        Decompress(body, expected).Should().Equal(Script);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("deflate")]
    [InlineData("br;q=0, gzip;q=0")]
    [InlineData("br;q=nonsense")]
    [InlineData(";;, ,=")]
    public async Task A_browser_that_accepts_neither_gets_the_script_as_it_is_and_is_told_it_varies(string? acceptEncoding)
    {
        var response = await GetAsync("/assets/app-3f2a.js", acceptEncoding);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().BeEmpty();
        response.Headers.Vary.Should().Contain("Accept-Encoding");
        response.Content.Headers.ContentLength.Should().Be(Script.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Script);
        response.Headers.CacheControl!.ToString().Should().Contain("immutable");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/profile")]
    public async Task The_page_is_sent_compressed_too_and_still_revalidated(string path)
    {
        var response = await GetAsync(path, "gzip, deflate, br");

        response.Content.Headers.ContentEncoding.Should().Equal("br");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.Vary.Should().Contain("Accept-Encoding");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        Encoding.UTF8.GetString(Decompress(await response.Content.ReadAsByteArrayAsync(), "br")).Should().Be(IndexHtml);
    }

    [Fact]
    public async Task Each_encoding_has_its_own_etag_and_a_revalidation_is_answered_in_the_same_encoding()
    {
        var brotli = await GetAsync("/assets/app-3f2a.js", "br");
        var gzip = await GetAsync("/assets/app-3f2a.js", "gzip");
        var identity = await GetAsync("/assets/app-3f2a.js", null);

        new[] { brotli.Headers.ETag, gzip.Headers.ETag, identity.Headers.ETag }.Should().OnlyHaveUniqueItems().And.NotContainNulls();
        var revalidation = new HttpRequestMessage(HttpMethod.Get, "/assets/app-3f2a.js") { Headers = { { "Accept-Encoding", "br" } } };
        revalidation.Headers.IfNoneMatch.Add(brotli.Headers.ETag!);
        var notModified = await _app.CreateBrowser().SendAsync(revalidation);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        notModified.Headers.Vary.Should().Contain("Accept-Encoding");
    }

    [Fact]
    public async Task A_head_request_gets_the_headers_of_the_compressed_answer()
    {
        var get = await GetAsync("/assets/app-3f2a.js", "br");
        var head = await _app.CreateBrowser().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/assets/app-3f2a.js") { Headers = { { "Accept-Encoding", "br" } } });

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentEncoding.Should().Equal("br");
        head.Content.Headers.ContentLength.Should().Be(get.Content.Headers.ContentLength);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_without_compressed_copies_is_sent_as_it_is()
    {
        var response = await GetAsync("/assets/app-3f2a.css", "br, gzip");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().BeEmpty();
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        (await response.Content.ReadAsStringAsync()).Should().Be("body { margin: 0; }");
    }

    [Theory]
    [InlineData("/assets/app-3f2a.js.br")]
    [InlineData("/assets/app-3f2a.js.gz")]
    [InlineData("/index.html.br")]
    public async Task The_compressed_copies_are_not_sent_under_their_own_names(string path)
    {
        await (await GetAsync(path, "br, gzip")).ShouldBeProblemAsync(404);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding).Should().BeTrue();
        }

        return _app.CreateBrowser().SendAsync(request);
    }

    private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            compressing.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] content, string encoding)
    {
        using var input = new MemoryStream(content);
        using Stream decompressing = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressing.CopyTo(output);
        return output.ToArray();
    }
}
