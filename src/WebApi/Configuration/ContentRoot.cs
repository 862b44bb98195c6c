namespace GoogleLogin.WebApi.Configuration;

/// <summary>Where the app reads its <c>appsettings*.json</c>: its own folder, unless whoever starts it says otherwise.</summary>
internal static class ContentRoot
{
    /// <summary>
    /// Whether the host is told a content root, as the web host reads one: <c>--contentRoot</c> on the command
    /// line, or <c>ASPNETCORE_CONTENTROOT</c> / <c>DOTNET_CONTENTROOT</c> (what WebApplicationFactory passes too).
    /// </summary>
    public static bool IsChosenByHost(string[] args) =>
        !string.IsNullOrEmpty(new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey]);
}
