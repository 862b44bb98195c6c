using System.Text.Json;

namespace GoogleLogin.Infrastructure.Identity;

internal static class JsonElementExtensions
{
    /// <summary>
    /// The named member's string value, or null when the member is missing, is not a string, or is not
    /// valid UTF-16 (a lone surrogate escape such as <c>"\ud800"</c>): untrusted JSON never throws here.
    /// </summary>
    public static string? GetStringOrNull(this JsonElement element, string name)
    {
        try
        {
            return element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
