using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Functional;

/// <summary>Brand:*: the app's name, logo and terms and privacy links, sent to the SPA with the sign-in settings.</summary>
public sealed class BrandTests
{
    [Fact]
    public async Task The_config_carries_the_configured_brand()
    {
        await using var app = await GoogleLoginApp.StartAsync(
            "Production",
            ("Brand:Name", "Contoso Portal"),
            ("Brand:LogoUrl", "/brand/logo.svg"),
            ("Brand:TermsUrl", "https://contoso.example/terms"),
            ("Brand:PrivacyUrl", "/privacy"));

        var brand = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/auth/config")).GetProperty("brand");

        brand.GetProperty("name").GetString().Should().Be("Contoso Portal");
        brand.GetProperty("logoUrl").GetString().Should().Be("/brand/logo.svg");
        brand.GetProperty("termsUrl").GetString().Should().Be("https://contoso.example/terms");
        brand.GetProperty("privacyUrl").GetString().Should().Be("/privacy");
    }

    [Theory]
    [InlineData("Brand:Name", "", "*Brand:Name must be set*")]
    [InlineData("Brand:Name", "a\u0007b", "*Brand:Name must be 1 to 64 printable characters*")]
    [InlineData("Brand:LogoUrl", "https://cdn.example/logo.svg", "*Brand:LogoUrl must be a path of this site*")]
    [InlineData("Brand:LogoUrl", "//evil.example/logo.svg", "*Brand:LogoUrl must be a path of this site*")]
    [InlineData("Brand:TermsUrl", "http://contoso.example/terms", "*Brand:TermsUrl must be an absolute https URL or a path of this site*")]
    [InlineData("Brand:TermsUrl", "javascript:alert(1)", "*Brand:TermsUrl must be*")]
    [InlineData("Brand:PrivacyUrl", "/\\evil.example", "*Brand:PrivacyUrl must be*")]
    [InlineData("Brand:PrivacyUrl", "privacy", "*Brand:PrivacyUrl must be*")]
    public async Task A_wrong_brand_setting_stops_start_up_naming_it(string key, string value, string message)
    {
        await using var app = await GoogleLoginApp.StartAsync("Production", (key, value));

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage(message);
    }
}
