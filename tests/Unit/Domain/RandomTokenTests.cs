using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class RandomTokenTests
{
    [Fact]
    public void A_token_is_256_random_bits_in_base64url_and_well_formed()
    {
        var token = RandomToken.New();

        Base64Url.DecodeFromChars(token).Should().HaveCount(32);
        RandomToken.IsWellFormed(token).Should().BeTrue();
        RandomToken.New().Should().NotBe(token);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("too-short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void Values_of_another_shape_are_not_well_formed(string? value) =>
        RandomToken.IsWellFormed(value).Should().BeFalse();

    [Fact]
    public void The_stored_hash_is_sha256_of_the_utf8_text()
    {
        RandomToken.Hash("abc").Should().Equal(Convert.FromHexString("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
        RandomToken.Hash("nonce-é").Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes("nonce-é")));
    }

    [Fact]
    public void Values_that_differ_only_outside_ascii_have_different_hashes() =>
        RandomToken.Hash("é").Should().NotEqual(RandomToken.Hash("?"));
}
