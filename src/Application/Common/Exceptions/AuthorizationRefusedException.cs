namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The provider sent the browser back with an error instead of a code: the person declined
/// (<see cref="Declined"/>), or the provider refused for its own reasons, which are logged, not shown.
/// What the provider sent is attacker-controlled text (anyone can send a browser to the callback), so it is
/// kept only in the form it may be logged in.
/// </summary>
public sealed class AuthorizationRefusedException(string provider, string error, string? description)
    : Exception("The provider answered the authorization request with an error.")
{
    /// <summary>The longest description kept.</summary>
    public const int DescriptionLength = 200;

    /// <summary>What <see cref="Error"/> is when the provider's <c>error</c> is no code.</summary>
    public const string InvalidError = "invalid";

    private const int ErrorLength = 64;

    /// <summary>The provider whose callback it came to.</summary>
    public string Provider { get; } = provider;

    /// <summary>The provider's <c>error</c>: one token of RFC 6749's error characters (5.2), else <see cref="InvalidError"/>.</summary>
    public string Error { get; } = IsErrorCode(error) ? error : InvalidError;

    /// <summary>The provider's <c>error_description</c> in printable ASCII, each other character (line breaks too) a space, cut to <see cref="DescriptionLength"/>.</summary>
    public string? Description { get; } = Printable(description);

    public bool Declined => Error == "access_denied";

    /// <summary>%x21 / %x23-5B / %x5D-7E: RFC 6749's NQSCHAR without the space, so the code is one word.</summary>
    private static bool IsErrorCode(string error) =>
        error.Length is > 0 and <= ErrorLength && error.All(c => c is > ' ' and <= '~' and not '"' and not '\\');

    private static string? Printable(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        var kept = description.Length > DescriptionLength ? description[..DescriptionLength] : description;
        return string.Create(kept.Length, kept, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = text[i] is >= ' ' and <= '~' ? text[i] : ' ';
            }
        });
    }
}
