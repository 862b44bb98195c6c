using System.Net;
using System.Net.Http.Json;

namespace GoogleLogin.Tests.Functional;

/// <summary>The example app's endpoints, through the whole app; every answer is one docs/openapi.json declares.</summary>
public sealed class GreetingTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    private static Task<HttpResponseMessage> GreetAsync(HttpClient browser, string? name) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/greetings")
        {
            Content = JsonContent.Create(new { name }),
            Headers = { { "X-CSRF", "1" } },
        });

    [Fact]
    public async Task A_signed_in_user_is_greeted_by_the_name_they_give()
    {
        var browser = await app.SignedInBrowserAsync("greeting-user");

        var response = await GreetAsync(browser, "Ada");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("message").GetString().Should().Be("Hello, Ada!");
    }

    [Fact]
    public async Task An_empty_name_is_refused_with_the_field_named()
    {
        var browser = await app.SignedInBrowserAsync("greeting-user");

        var problem = await (await GreetAsync(browser, "")).ShouldBeProblemAsync(400, "validation_failed");

        problem.GetProperty("errors").GetProperty("name").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_signed_out_visitor_is_refused()
    {
        await (await GreetAsync(app.CreateBrowser(), "Ada")).ShouldBeProblemAsync(401, "not_signed_in");
        await (await app.CreateBrowser().GetAsync("/api/hello")).ShouldBeProblemAsync(401, "not_signed_in");
    }

    [Fact]
    public async Task The_one_line_endpoint_answers_a_signed_in_user()
    {
        var browser = await app.SignedInBrowserAsync("greeting-user");

        (await browser.GetStringAsync("/api/hello")).Should().Be("""{"message":"Hello, signed-in user!"}""");
    }
}
