using FluentValidation;

namespace GoogleLogin.Application.Greetings.Greet;

/// <summary>Runs before the handler; a failure is answered 400 <c>validation_failed</c> with the field's message.</summary>
public sealed class GreetCommandValidator : AbstractValidator<GreetCommand>
{
    public const int MaxNameLength = 50;

    public GreetCommandValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(MaxNameLength);
    }
}
