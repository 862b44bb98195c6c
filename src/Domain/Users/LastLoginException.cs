namespace GoogleLogin.Domain.Users;

/// <summary>A user's only login cannot be removed: nobody could sign in as that user again.</summary>
public sealed class LastLoginException(Guid userId)
    : Exception("The last way to sign in to an account cannot be removed.")
{
    public Guid UserId { get; } = userId;
}
