namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>Whether the built-in development identity provider stands in for Google (Development environment only).</summary>
public interface IDevelopmentSignIn
{
    bool IsActive { get; }
}
