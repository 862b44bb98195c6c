namespace GoogleLogin.Infrastructure.Persistence.AuthorizationStates;

/// <summary>A redirect state that has been used, kept until it expires so that it is not used again.</summary>
internal sealed class UsedAuthorizationState
{
    /// <summary>The hash of the state's random id (<c>AuthorizationState.UseHash</c>).</summary>
    public required byte[] Hash { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
