using FluentValidation;

namespace GoogleLogin.Application.Audit.ListActivity;

public sealed class ListActivityQueryValidator : AbstractValidator<ListActivityQuery>
{
    public ListActivityQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListActivityQuery.MaxLimit);
        RuleFor(q => q.Before).GreaterThan(0).When(q => q.Before is not null);
    }
}
