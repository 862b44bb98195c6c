using GoogleLogin.Domain.Common;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  \t ", null)]
    [InlineData("  Fire  ", "Fire")]
    [InlineData("  abcdefgh  ", "abcde")]
    [InlineData("abcde", "abcde")]
    public void Text_is_trimmed_blank_becomes_null_and_long_text_is_cut(string? value, string? stored) =>
        StoredText.Clip(value, 5).Should().Be(stored);

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var stored = StoredText.Clip("abcd\U0001F600xyz", 5);

        stored.Should().Be("abcd");
    }
}
