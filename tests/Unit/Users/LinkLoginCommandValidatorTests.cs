using GoogleLogin.Application.Users.LinkLogin;

namespace GoogleLogin.Tests.Unit.Users;

public sealed class LinkLoginCommandValidatorTests
{
    private readonly LinkLoginCommandValidator _validator = new();

    private static LinkLoginCommand Command(string provider = "acme", string idToken = "header.payload.signature", string? nonce = "the-nonce") =>
        new(Guid.NewGuid(), provider, idToken, nonce, NonceBinding: null);

    [Fact]
    public void A_provider_a_token_and_a_nonce_are_valid() =>
        _validator.Validate(Command()).IsValid.Should().BeTrue();

    [Fact]
    public void A_missing_provider_is_invalid()
    {
        var result = _validator.Validate(Command(provider: ""));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(nameof(LinkLoginCommand.Provider));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_token_is_invalid(string idToken)
    {
        var result = _validator.Validate(Command(idToken: idToken));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(nameof(LinkLoginCommand.IdToken));
    }

    [Fact]
    public void A_token_over_16_KB_is_invalid()
    {
        _validator.Validate(Command(idToken: new string('a', 16 * 1024))).IsValid.Should().BeTrue();
        _validator.Validate(Command(idToken: new string('a', (16 * 1024) + 1))).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", false)]
    public void An_empty_nonce_is_invalid_but_an_absent_one_is_left_to_the_provider_s_policy(string? nonce, bool valid) =>
        _validator.Validate(Command(nonce: nonce)).IsValid.Should().Be(valid);

    [Fact]
    public void An_over_long_nonce_is_invalid() =>
        _validator.Validate(Command(nonce: new string('n', 513))).IsValid.Should().BeFalse();
}
