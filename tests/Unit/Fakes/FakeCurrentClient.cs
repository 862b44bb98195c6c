using GoogleLogin.Application.Common.Interfaces;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>The request's client as the host would report it; nulls play code running outside a request.</summary>
internal sealed record FakeCurrentClient(string? IpAddress, string? UserAgent) : ICurrentClient;
