using FluentValidation;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Application.Auth.SignInNonces;

/// <summary>The field rules of every request that carries an ID token and its nonce (a sign-in, a link).</summary>
public static class IdTokenRules
{
    public static IRuleBuilderOptions<T, string> IsIdToken<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("An ID token is required.")
        .MaximumLength(Limits.IdTokenLength).WithMessage($"The ID token must be at most {Limits.IdTokenLength} characters.");

    /// <summary>Optional, but not blank, and within the length this application issues.</summary>
    public static IRuleBuilderOptions<T, string?> IsNonceWhenGiven<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty().WithMessage("The nonce must not be empty when given.")
        .MaximumLength(Limits.NonceLength).WithMessage($"The nonce must be at most {Limits.NonceLength} characters.");
}
