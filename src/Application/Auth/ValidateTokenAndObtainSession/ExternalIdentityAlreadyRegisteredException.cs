namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

/// <summary>A concurrent first sign-in registered the same (issuer, subject) a moment earlier.</summary>
public sealed class ExternalIdentityAlreadyRegisteredException(Exception? innerException = null)
    : Exception("A user with this external identity already exists.", innerException);
