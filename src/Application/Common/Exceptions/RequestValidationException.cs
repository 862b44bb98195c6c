namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The message failed validation. Raised before its handler runs, so nothing was read or changed.
/// Callers see which property is wrong and why, without depending on the validation library.
/// </summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is invalid.")
{
    /// <summary>Each invalid property's name (as the message spells it) and what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
