namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// A redirect sign-in's callback whose state is unknown, used, expired, for another provider or from another
/// browser, or that came back without a usable code.
/// </summary>
public sealed class InvalidAuthorizationStateException()
    : Exception("The redirect sign-in's state is not valid here.");
