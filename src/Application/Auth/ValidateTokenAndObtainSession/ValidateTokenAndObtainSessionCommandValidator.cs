using FluentValidation;

namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

public sealed class ValidateTokenAndObtainSessionCommandValidator : AbstractValidator<ValidateTokenAndObtainSessionCommand>
{
    /// <summary>Real ID tokens are about 1 KB; anything near this size is not one.</summary>
    public const int MaxIdTokenLength = 16 * 1024;

    public const int MaxNonceLength = 512;

    public ValidateTokenAndObtainSessionCommandValidator()
    {
        RuleFor(c => c.Provider).NotEmpty();

        RuleFor(c => c.IdToken)
            .NotEmpty().WithMessage("An ID token is required.")
            .MaximumLength(MaxIdTokenLength).WithMessage($"The ID token must be at most {MaxIdTokenLength} characters.");

        RuleFor(c => c.Nonce)
            .NotEmpty().WithMessage("The nonce must not be empty when given.")
            .MaximumLength(MaxNonceLength).WithMessage($"The nonce must be at most {MaxNonceLength} characters.")
            .When(c => c.Nonce is not null);
    }
}
