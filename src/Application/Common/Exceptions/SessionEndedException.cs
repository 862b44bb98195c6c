namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// The session a request acts for has ended (signed out, revoked or expired) since the request began: a redirect
/// started from it came back too late to act for it.
/// </summary>
public sealed class SessionEndedException() : Exception("The session has ended.");
