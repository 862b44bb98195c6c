using FluentValidation;
using GoogleLogin.Application.Auth.SignInNonces;

namespace GoogleLogin.Application.Auth.Reauthenticate;

public sealed class ReauthenticateCommandValidator : AbstractValidator<ReauthenticateCommand>
{
    public ReauthenticateCommandValidator()
    {
        RuleFor(c => c.Provider).NotEmpty();

        RuleFor(c => c.IdToken).IsIdToken();
        RuleFor(c => c.Nonce).IsNonceWhenGiven().When(c => c.Nonce is not null);
    }
}
