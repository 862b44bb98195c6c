using GoogleLogin.Application.Common.Interfaces;

namespace GoogleLogin.WebApi.Authentication;

/// <summary>The request being handled, as the security activity records its client.</summary>
internal sealed class HttpCurrentClient(IHttpContextAccessor accessor) : ICurrentClient
{
    // Behind a known proxy, the forwarded-headers middleware has already put the client's address here.
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent.ToString();
}
