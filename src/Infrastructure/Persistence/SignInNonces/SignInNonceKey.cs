namespace GoogleLogin.Infrastructure.Persistence.SignInNonces;

/// <summary>The secret that signs sign-in nonces, made by the first instance to need it and read by the rest.</summary>
internal sealed class SignInNonceKey
{
    /// <summary>The one row's id: a second insert of a key collides with the first instead of adding another.</summary>
    public const int CurrentId = 1;

    public int Id { get; init; }
    public required byte[] Key { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
