namespace GoogleLogin.Infrastructure;

public static class HealthCheckTags
{
    /// <summary>Checks that must pass before the instance takes traffic.</summary>
    public const string Ready = "ready";
}
