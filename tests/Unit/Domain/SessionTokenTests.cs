using System.Security.Cryptography;
using System.Text;
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
    public void Parsing_round_trips_and_the_hash_is_sha256_of_the_value()
    {
        var token = SessionToken.New();

        SessionToken.TryParse(token.Value, out var parsed).Should().BeTrue();
        parsed!.Hash().Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token.Value)));
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
