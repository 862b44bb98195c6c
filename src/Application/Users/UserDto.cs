namespace GoogleLogin.Application.Users;

/// <summary>The signed-in user as the API shows it.</summary>
public sealed record UserDto
{
    public required Guid Id { get; init; }
    public required string? Email { get; init; }
    public required string? FirstName { get; init; }
    public required string? LastName { get; init; }
    public required string? PictureUrl { get; init; }
}
