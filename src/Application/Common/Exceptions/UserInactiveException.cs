namespace GoogleLogin.Application.Common.Exceptions;

public sealed class UserInactiveException(Guid userId)
    : Exception("This account has been disabled.")
{
    public Guid UserId { get; } = userId;
}
