using FluentValidation;
using GoogleLogin.Application.Auth.SignInNonces;

namespace GoogleLogin.Application.Users.LinkLogin;

public sealed class LinkLoginCommandValidator : AbstractValidator<LinkLoginCommand>
{
    public LinkLoginCommandValidator()
    {
        RuleFor(c => c.Provider).NotEmpty();

        RuleFor(c => c.IdToken).IsIdToken();
        RuleFor(c => c.Nonce).IsNonceWhenGiven().When(c => c.Nonce is not null);
    }
}
