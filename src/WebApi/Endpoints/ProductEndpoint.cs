namespace GoogleLogin.WebApi.Endpoints;

/// <summary>
/// Endpoint metadata that marks the product's own endpoints, set once, on the group Program.cs maps them
/// in. The contract tests check exactly these against docs/api.md, so an app's own endpoints, mapped beside
/// them, never break those tests; the OpenAPI document and the SPA's types include every endpoint.
/// </summary>
public sealed class ProductEndpoint
{
    private ProductEndpoint()
    {
    }

    public static ProductEndpoint Metadata { get; } = new();
}
