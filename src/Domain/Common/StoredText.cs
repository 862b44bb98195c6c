namespace GoogleLogin.Domain.Common;

/// <summary>
/// Informational text from outside (profile fields, user agents, addresses) in the form it is stored:
/// trimmed, blank as null, without NUL characters (which PostgreSQL's text cannot hold and which
/// mean nothing in a name), and cut to its column rather than refused, since it only describes.
/// </summary>
public static class StoredText
{
    public static string? Clip(string? value, int maxLength)
    {
        var trimmed = NullIfBlank(value?.Replace("\0", string.Empty, StringComparison.Ordinal));
        if (trimmed is null || trimmed.Length <= maxLength)
        {
            return trimmed;
        }

        // Never keep half of a surrogate pair: the cut text must still be valid UTF-16.
        return trimmed[..(char.IsHighSurrogate(trimmed[maxLength - 1]) ? maxLength - 1 : maxLength)];
    }

    public static string? NullIfBlank(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
