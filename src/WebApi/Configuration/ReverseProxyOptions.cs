using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Configuration;

/// <summary>
/// Configuration section <c>ReverseProxy</c>: the proxies whose <c>X-Forwarded-*</c> headers are
/// believed. With none configured the headers are ignored, so a client cannot claim HTTPS or
/// another address just by sending them.
/// </summary>
internal sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>Proxy addresses, such as <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, such as <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// ASP.NET Core's own switch <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> believes forwarded
    /// headers from every client: anyone could claim HTTPS, and choose the address its rate limit
    /// counts against. Outside Development it stops start-up; the configured proxy list replaces it.
    /// In Development it stops start-up too while development sign-in is on: any machine could then
    /// claim to be this one, which is all that keeps the development identity provider to itself.
    /// </summary>
    public static void RefuseTrustingEveryProxy(IConfiguration configuration, IHostEnvironment environment, bool developmentSignIn)
    {
        // The key and the comparison the host uses to turn the switch on.
        if (!string.Equals("true", configuration["FORWARDEDHEADERS_ENABLED"], StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!environment.IsDevelopment())
        {
            throw new OptionsValidationException(SectionName, typeof(ReverseProxyOptions), [
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED=true trusts X-Forwarded-* headers from every client, so any client could claim " +
                $"HTTPS or another address. Remove it and list your proxies in {SectionName}:KnownProxies (or {SectionName}:KnownNetworks) instead."]);
        }

        if (developmentSignIn)
        {
            throw new OptionsValidationException(SectionName, typeof(ReverseProxyOptions), [
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED=true trusts X-Forwarded-For from every client, so another machine could claim to be this " +
                "one and use development sign-in, which signs anyone in as anyone. Remove it, or list your proxies in " +
                $"{SectionName}:KnownProxies (or {SectionName}:KnownNetworks)."]);
        }
    }

    public static bool TryConfigure(IConfiguration configuration, ForwardedHeadersOptions options)
    {
        var settings = configuration.GetSection(SectionName).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        if (settings.KnownProxies.Count == 0 && settings.KnownNetworks.Count == 0)
        {
            return false;
        }

        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        // ASP.NET Core trusts loopback by default; trust exactly what is configured instead.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new OptionsValidationException(SectionName, typeof(ReverseProxyOptions), [$"{SectionName}:KnownProxies contains '{proxy}', which is not an IP address."]));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new OptionsValidationException(SectionName, typeof(ReverseProxyOptions), [$"{SectionName}:KnownNetworks contains '{network}', which is not a CIDR network such as 10.0.0.0/8."]));
        }

        return true;
    }
}
