using GoogleLogin.Infrastructure.Identity.OpenIdConnect.Kinds;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>Which <c>iss</c> of an authorization response (RFC 9207) is the provider's, by its kind.</summary>
public sealed class ResponseIssuerTests
{
    private const string Tenant = "6f2a8c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

    [Theory]
    [InlineData("https://login.example.com", true)]
    [InlineData("https://login.example.com/", false)]
    [InlineData("https://LOGIN.example.com", false)]
    [InlineData("https://other.example.com", false)]
    public void A_standard_provider_s_is_its_issuer_exactly(string responseIssuer, bool accepted) =>
        OpenIdConnectProviderKinds.Standard.IsResponseIssuer("https://login.example.com", responseIssuer).Should().Be(accepted);

    [Theory]
    [InlineData("https://login.microsoftonline.com/" + Tenant + "/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/{tenantid}/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/not-a-tenant/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/" + Tenant + "/v2.0/x", false)]
    [InlineData("https://evil.example/" + Tenant + "/v2.0", false)]
    [InlineData("https://login.microsoftonline.com//v2.0", false)]
    public void A_microsoft_multi_tenant_provider_s_is_its_issuer_with_a_tenant_id_in_place(string responseIssuer, bool accepted) =>
        OpenIdConnectProviderKinds.Microsoft.IsResponseIssuer("https://login.microsoftonline.com/{tenantid}/v2.0", responseIssuer).Should().Be(accepted);
}
