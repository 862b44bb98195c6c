using GoogleLogin.Application.Auth;
using GoogleLogin.Application.Auth.RedirectSignIn;
using GoogleLogin.Application.Auth.SignInNonces;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Application.Common.Mappings;
using MapsterMapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GoogleLogin.Tests.Unit.Fakes;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The pre-login cookie's value of the browser the tests play.</summary>
    public const string NonceBinding = "browser-binding-of-the-test-browser-0000000";

    /// <summary>The application's own mapping configuration, as the host registers it.</summary>
    public static readonly IMapper Mapper = new Mapper(MappingConfig.Create());

    public static IOptions<SessionOptions> SessionOptions(TimeSpan? absolute = null, TimeSpan? idle = null, int maxPerUser = 20) =>
        Options.Create(new SessionOptions
        {
            AbsoluteLifetime = absolute ?? TimeSpan.FromDays(14),
            IdleTimeout = idle ?? TimeSpan.FromHours(24),
            MaxPerUser = maxPerUser,
        });

    public static VerifiedIdentity Ada(string? email = "ada@example.com", string? nonce = null) => new(
        Issuer: "https://accounts.google.com",
        Subject: "110169484474386276334",
        Email: email,
        EmailVerified: true,
        GivenName: "Ada",
        FamilyName: "Lovelace",
        PictureUrl: "https://lh3.googleusercontent.com/a/ada",
        HostedDomain: null,
        Nonce: nonce);

    /// <summary>The nonce rules over the store's nonces and key.</summary>
    public static IdTokenNonceCheck NonceCheck(InMemoryStore store, TimeProvider time) =>
        new(store, store, time, NullLogger<IdTokenNonceCheck>.Instance);

    /// <summary>The userinfo rules over <paramref name="clients"/>: with none, as for ID tokens posted by the page.</summary>
    public static RedirectUserInfo UserInfo(params IAuthorizationCodeClient[] clients) =>
        new(clients, NullLogger<RedirectUserInfo>.Instance);
}
