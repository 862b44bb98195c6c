namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>Who is on the other end of the request being handled, as the security activity records it.</summary>
public interface ICurrentClient
{
    /// <summary>The client's address (behind a known proxy, the one the proxy reports); null outside a request.</summary>
    string? IpAddress { get; }

    /// <summary>The browser's User-Agent header, as sent; null when absent or outside a request.</summary>
    string? UserAgent { get; }
}
