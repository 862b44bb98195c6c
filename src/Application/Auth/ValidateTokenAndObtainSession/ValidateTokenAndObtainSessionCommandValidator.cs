using FluentValidation;
using GoogleLogin.Application.Auth.SignInNonces;

namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

public sealed class ValidateTokenAndObtainSessionCommandValidator : AbstractValidator<ValidateTokenAndObtainSessionCommand>
{
    public ValidateTokenAndObtainSessionCommandValidator()
    {
        RuleFor(c => c.Provider).NotEmpty();

        RuleFor(c => c.IdToken).IsIdToken();
        RuleFor(c => c.Nonce).IsNonceWhenGiven().When(c => c.Nonce is not null);
    }
}
