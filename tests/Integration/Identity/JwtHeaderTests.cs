using System.Buffers.Text;
using System.Text;
using GoogleLogin.Infrastructure.Identity;

namespace GoogleLogin.Tests.Integration.Identity;

public sealed class JwtHeaderTests
{
    private static string TokenWithHeader(string headerJson) =>
        $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson))}.e30.c2ln";

    [Fact]
    public void The_fields_read_before_any_key_lookup_are_parsed()
    {
        var header = JwtHeader.TryParse(TokenWithHeader("""{"alg":"RS256","kid":"key-1","crit":["exp"]}"""));

        header.Should().Be(new JwtHeader("RS256", "key-1", HasCriticalExtensions: true));
    }

    [Fact]
    public void A_value_that_is_not_valid_utf16_reads_as_absent_instead_of_throwing()
    {
        var header = JwtHeader.TryParse(TokenWithHeader("""{"alg":"RS256","kid":"\ud800"}"""));

        header.Should().Be(new JwtHeader("RS256", KeyId: null, HasCriticalExtensions: false));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("W10.e30.c2ln")]
    [InlineData("bm90IGpzb24.e30.c2ln")]
    public void Anything_but_a_compact_jws_with_a_json_object_header_is_not_one(string token) =>
        JwtHeader.TryParse(token).Should().BeNull();
}
