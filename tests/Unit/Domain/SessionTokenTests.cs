using GoogleLogin.Domain.Sessions;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class SessionTokenTests
{
    [Fact]
    public void New_tokens_carry_256_random_bits_and_differ()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SessionToken.New().Value).ToList();

        tokens.Should().OnlyHaveUniqueItems();
        tokens.Should().OnlyContain(t => System.Buffers.Text.Base64Url.DecodeFromChars(t).Length == 32);
    }

    [Fact]
    public void Parsing_round_trips_and_hashing_is_stable()
    {
        var token = SessionToken.New();

        SessionToken.TryParse(token.Value, out var parsed).Should().BeTrue();
        parsed!.Hash().Should().Equal(token.Hash()).And.HaveCount(32);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Junk_is_not_a_token(string? value) =>
        SessionToken.TryParse(value, out _).Should().BeFalse();

    [Fact]
    public void ToString_never_shows_the_secret() =>
        SessionToken.New().ToString().Should().Be("SessionToken(redacted)");
}
