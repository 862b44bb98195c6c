using GoogleLogin.Domain.Common;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t ")]
    public void Blank_text_is_stored_as_null(string? value) =>
        StoredText.Clip(value, 5).Should().BeNull();

    [Fact]
    public void Text_is_trimmed_then_cut_to_its_length()
    {
        StoredText.Clip("  Fire  ", 5).Should().Be("Fire");
        StoredText.Clip("  abcdefgh  ", 5).Should().Be("abcde");
        StoredText.Clip("abcde", 5).Should().Be("abcde");
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair() =>
        StoredText.Clip("abcd\U0001F600xyz", 5).Should().Be("abcd");
}
