using FluentValidation;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Application.Users.LinkLogin;

public sealed class LinkLoginCommandValidator : AbstractValidator<LinkLoginCommand>
{
    public LinkLoginCommandValidator()
    {
        RuleFor(c => c.Provider).NotEmpty();

        RuleFor(c => c.IdToken)
            .NotEmpty().WithMessage("An ID token is required.")
            .MaximumLength(Limits.IdTokenLength).WithMessage($"The ID token must be at most {Limits.IdTokenLength} characters.");

        RuleFor(c => c.Nonce)
            .NotEmpty().WithMessage("The nonce must not be empty when given.")
            .MaximumLength(Limits.NonceLength).WithMessage($"The nonce must be at most {Limits.NonceLength} characters.")
            .When(c => c.Nonce is not null);
    }
}
