using GoogleLogin.Application.Audit.ListActivity;

namespace GoogleLogin.Tests.Unit.Audit;

public sealed class ListActivityQueryValidatorTests
{
    private readonly ListActivityQueryValidator _validator = new();

    [Theory]
    [InlineData(1, true)]
    [InlineData(ListActivityQuery.DefaultLimit, true)]
    [InlineData(ListActivityQuery.MaxLimit, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(ListActivityQuery.MaxLimit + 1, false)]
    public void A_page_holds_one_to_a_hundred_events(int limit, bool valid) =>
        _validator.Validate(new ListActivityQuery(Guid.NewGuid(), limit, Before: null)).IsValid.Should().Be(valid);

    [Theory]
    [InlineData(null, true)]
    [InlineData(1L, true)]
    [InlineData(long.MaxValue, true)]
    [InlineData(0L, false)]
    [InlineData(-5L, false)]
    public void Before_is_an_event_id_when_given(long? before, bool valid)
    {
        var result = _validator.Validate(new ListActivityQuery(Guid.NewGuid(), ListActivityQuery.DefaultLimit, before));

        result.Errors.Select(e => e.PropertyName).Should().Equal(valid ? [] : [nameof(ListActivityQuery.Before)]);
    }
}
