using System.Net;

namespace GoogleLogin.Infrastructure.Identity;

/// <summary>Rules for the URLs the app fetches keys and provider metadata from.</summary>
internal static class OutboundUrls
{
    /// <summary>Loopback: plain HTTP is allowed there (local key servers, tests), since nothing on the way can swap the answer.</summary>
    public static bool IsThisMachine(Uri url) =>
        url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
