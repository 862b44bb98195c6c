using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class ValidateTokenAndObtainSessionCommandValidatorTests
{
    private readonly ValidateTokenAndObtainSessionCommandValidator _validator = new();

    private static ValidateTokenAndObtainSessionCommand Command(string idToken, string? nonce = null) =>
        new("google", idToken, nonce, null, null, null, null);

    [Fact]
    public void A_token_of_ordinary_size_is_valid() =>
        _validator.Validate(Command(new string('a', 1200), nonce: "abc")).IsValid.Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_token_is_invalid(string idToken)
    {
        var result = _validator.Validate(Command(idToken));

        result.IsValid.Should().BeFalse();
        result.Errors.Should().ContainSingle(e => e.PropertyName == nameof(ValidateTokenAndObtainSessionCommand.IdToken));
    }

    [Fact]
    public void A_token_over_16_KB_is_invalid()
    {
        _validator.Validate(Command(new string('a', 16 * 1024))).IsValid.Should().BeTrue();
        _validator.Validate(Command(new string('a', (16 * 1024) + 1))).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_nonce_is_invalid_but_an_absent_one_is_fine(string? nonce) =>
        _validator.Validate(Command("t", nonce)).IsValid.Should().Be(nonce is null);

    [Fact]
    public void An_over_long_nonce_is_invalid() =>
        _validator.Validate(Command("t", new string('n', 513))).IsValid.Should().BeFalse();
}
