namespace GoogleLogin.Application.Common.Exceptions;

/// <summary>
/// Another request changed or removed what this one read (a login removed while a sign-in through it ran)
/// before this one saved; nothing was saved.
/// </summary>
public sealed class ChangedMeanwhileException(Exception? innerException = null)
    : Exception("What the request read was changed by another request before it saved.", innerException);
