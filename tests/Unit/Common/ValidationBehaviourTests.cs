using GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;
using GoogleLogin.Application.Common.Behaviours;
using GoogleLogin.Application.Common.Exceptions;

namespace GoogleLogin.Tests.Unit.Common;

public sealed class ValidationBehaviourTests
{
    private readonly ValidationBehaviour<ValidateTokenAndObtainSessionCommand, string> _behaviour =
        new([new ValidateTokenAndObtainSessionCommandValidator()]);

    private bool _handlerCalled;

    private ValueTask<string> Handler(ValidateTokenAndObtainSessionCommand command, CancellationToken cancellationToken)
    {
        _handlerCalled = true;
        return ValueTask.FromResult("handled");
    }

    [Fact]
    public async Task A_valid_message_reaches_its_handler()
    {
        var response = await _behaviour.Handle(new("google", "a.b.c", "nonce", null, null, null, null), Handler, CancellationToken.None);

        response.Should().Be("handled");
    }

    [Fact]
    public async Task An_invalid_message_is_refused_with_each_property_and_its_messages_and_never_reaches_its_handler()
    {
        var act = () => _behaviour.Handle(new("", "", "", null, null, null, null), Handler, CancellationToken.None).AsTask();

        var refused = await act.Should().ThrowExactlyAsync<RequestValidationException>();
        refused.Which.Errors.Keys.Should().BeEquivalentTo("Provider", "IdToken", "Nonce");
        refused.Which.Errors["IdToken"].Should().Equal("An ID token is required.");
        _handlerCalled.Should().BeFalse();
    }
}
