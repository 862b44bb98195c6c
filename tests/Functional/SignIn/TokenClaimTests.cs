using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>SECURITY.md: claims the library leaves unchecked or reads loosely, over HTTP.</summary>
public sealed class TokenClaimTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    [Fact]
    public async Task A_token_not_valid_until_beyond_the_clock_tolerance_is_401()
    {
        var linesBefore = app.Logs.Lines.Count;

        var response = await app.SignInAsync(app.CreateBrowser(), subject: "nbf-future", customize: p => p["nbf"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());

        await response.ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "not_yet_valid");
    }

    [Fact]
    public async Task A_token_not_valid_until_within_the_clock_tolerance_signs_in()
    {
        var response = await app.SignInAsync(app.CreateBrowser(), subject: "nbf-skew", customize: p => p["nbf"] = DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeSeconds());

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Nul_characters_in_profile_claims_are_dropped_and_sign_in_works_on_every_engine()
    {
        // PostgreSQL's text cannot hold U+0000; SQLite's can. Neither engine may turn this into a 500.
        var response = await app.SignInAsync(app.CreateBrowser(), subject: "nul-profile", email: "nul\0profile@example.com", customize: p =>
        {
            p["given_name"] = "Ada\0";
            p["family_name"] = "Love\0lace";
            p["hd"] = "example\0.com";
        });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var user = await response.ReadJsonAsync();
        user.GetProperty("firstName").GetString().Should().Be("Ada");
        user.GetProperty("lastName").GetString().Should().Be("Lovelace");
    }

    [Fact]
    public async Task A_subject_with_a_control_character_is_401()
    {
        var linesBefore = app.Logs.Lines.Count;

        var response = await app.SignInAsync(app.CreateBrowser(), subject: "nul\0subject");

        await response.ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "invalid_subject");
    }

    [Theory]
    [InlineData("email_verified", "\"true\"")]
    [InlineData("email_verified", "\"yes\"")]
    [InlineData("email_verified", "1")]
    [InlineData("email", "[\"a@example.com\", \"b@example.com\"]")]
    [InlineData("sub", "12345")]
    [InlineData("sub", "[\"nbf-typed\"]")]
    [InlineData("nbf", "\"tomorrow\"")]
    public async Task A_claim_of_the_wrong_type_is_a_plain_401(string claim, string json)
    {
        var linesBefore = app.Logs.Lines.Count;

        var response = await app.SignInAsync(app.CreateBrowser(), subject: "wrongly-typed", customize: p => p[claim] = System.Text.Json.Nodes.JsonNode.Parse(json));

        await response.ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "malformed");
    }
}
