using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class SignInNonceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(SignInNonce.KeySizeInBytes);
    private readonly string _binding = RandomToken.New();

    private SignInNonceCheck CheckOf(string value, string? binding = null, DateTimeOffset? at = null) =>
        SignInNonce.Check(value, binding ?? _binding, _key, at ?? Now).Check;

    /// <summary>The nonce's bytes, changed by <paramref name="change"/>, encoded again.</summary>
    private static string Altered(string value, Action<byte[]> change)
    {
        var bytes = Base64Url.DecodeFromChars(value);
        change(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    [Fact]
    public void A_nonce_issued_here_for_this_browser_is_valid_and_its_use_is_recorded_by_hashes_until_it_expires()
    {
        var value = SignInNonce.Issue(Now, _binding, _key);

        var (check, use) = SignInNonce.Check(value, _binding, _key, Now.AddMinutes(1));

        check.Should().Be(SignInNonceCheck.Valid);
        use!.Hash.Should().Equal(SignInNonce.HashOf(value));
        use.BindingHash.Should().Equal(RandomToken.Hash(_binding));
        use.ExpiresAt.Should().Be(Now + SignInNonce.Lifetime);
    }

    [Fact]
    public void A_nonce_lives_five_minutes_to_the_tick()
    {
        var value = SignInNonce.Issue(Now, _binding, _key);

        CheckOf(value, at: Now + SignInNonce.Lifetime - TimeSpan.FromMilliseconds(1)).Should().Be(SignInNonceCheck.Valid);
        CheckOf(value, at: Now + SignInNonce.Lifetime).Should().Be(SignInNonceCheck.Expired);
        SignInNonce.Check(value, _binding, _key, Now + SignInNonce.Lifetime).Use.Should().BeNull();
    }

    [Fact]
    public void A_redirect_sign_in_s_nonce_lives_as_long_as_its_state_and_no_longer()
    {
        var value = SignInNonce.Issue(Now, _binding, _key, AuthorizationState.Lifetime);

        CheckOf(value, at: Now + AuthorizationState.Lifetime - TimeSpan.FromMilliseconds(1)).Should().Be(SignInNonceCheck.Valid);
        CheckOf(value, at: Now + AuthorizationState.Lifetime).Should().Be(SignInNonceCheck.Expired);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10 * 60 * 1000 + 1)]
    public void A_lifetime_that_is_not_positive_or_outlives_a_state_is_refused(int milliseconds)
    {
        var issue = () => SignInNonce.Issue(Now, _binding, _key, TimeSpan.FromMilliseconds(milliseconds));

        issue.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Every_nonce_is_different()
    {
        var values = Enumerable.Range(0, 100).Select(_ => SignInNonce.Issue(Now, _binding, _key));

        values.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_nonce_is_another_browser_s_for_any_other_binding_or_none()
    {
        var value = SignInNonce.Issue(Now, _binding, _key);

        CheckOf(value, RandomToken.New()).Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
        SignInNonce.Check(value, null, _key, Now).Should().Be((SignInNonceCheck.NotBoundToThisBrowser, (SignInNonce?)null));
        CheckOf(value, "").Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
        CheckOf(value, _binding[..^1] + (_binding[^1] == 'A' ? 'B' : 'A')).Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("not base64url but the right length: 0123456")]
    public void Only_a_binding_made_here_can_have_a_nonce(string binding)
    {
        var issue = () => SignInNonce.Issue(Now, binding, _key);

        issue.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_nonce_of_another_key_was_not_issued_here()
    {
        var value = SignInNonce.Issue(Now, _binding, RandomNumberGenerator.GetBytes(SignInNonce.KeySizeInBytes));

        CheckOf(value).Should().Be(SignInNonceCheck.NotIssuedHere);
    }

    [Fact]
    public void A_nonce_whose_expiry_was_pushed_back_was_not_issued_here()
    {
        var value = SignInNonce.Issue(Now, _binding, _key);
        var extended = Altered(value, bytes => BinaryPrimitives.WriteInt64BigEndian(bytes, (Now + TimeSpan.FromDays(1)).ToUnixTimeMilliseconds()));

        CheckOf(extended, at: Now + SignInNonce.Lifetime).Should().Be(SignInNonceCheck.NotIssuedHere);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(39)]
    public void A_nonce_with_its_random_part_or_issuer_s_tag_changed_was_not_issued_here(int index)
    {
        var value = SignInNonce.Issue(Now, _binding, _key);

        CheckOf(Altered(value, bytes => bytes[index] ^= 1)).Should().Be(SignInNonceCheck.NotIssuedHere);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(55)]
    public void A_nonce_with_its_binding_tag_changed_is_not_this_browser_s(int index)
    {
        var value = SignInNonce.Issue(Now, _binding, _key);

        CheckOf(Altered(value, bytes => bytes[index] ^= 1)).Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-nonce")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Anything_not_shaped_like_a_nonce_was_not_issued_here(string value)
    {
        SignInNonce.Check(value, _binding, _key, Now).Should().Be((SignInNonceCheck.NotIssuedHere, (SignInNonce?)null));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused()
    {
        var issue = () => SignInNonce.Issue(Now, _binding, new byte[16]);
        var value = SignInNonce.Issue(Now, _binding, _key);
        var check = () => SignInNonce.Check(value, _binding, new byte[64], Now);

        issue.Should().Throw<ArgumentException>();
        check.Should().Throw<ArgumentException>();
    }
}
