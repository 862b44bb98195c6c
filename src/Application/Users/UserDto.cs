namespace GoogleLogin.Application.Users;

/// <summary>The signed-in user as the API shows it.</summary>
public sealed record UserDto
{
    public Guid Id { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? PictureUrl { get; init; }
}
