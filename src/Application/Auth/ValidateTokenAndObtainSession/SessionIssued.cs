using GoogleLogin.Application.Users;

namespace GoogleLogin.Application.Auth.ValidateTokenAndObtainSession;

/// <summary>A newly opened session: the secret for the cookie, when it ends, who it belongs to, and when it was opened.</summary>
public sealed record SessionIssued(UserDto User, string SessionToken, DateTimeOffset ExpiresAt, DateTimeOffset SignedInAt)
{
    public override string ToString() => $"{nameof(SessionIssued)} {{ User = {User.Id}, ExpiresAt = {ExpiresAt:O} }}";
}
