namespace GoogleLogin.Domain.Common;

/// <summary>
/// Every size limit of the application, in one place: the entities, their database columns, the
/// request validators and the HTTP endpoints all read them from here.
/// </summary>
public static class Limits
{
    /// <summary>The longest email address SMTP allows (RFC 5321).</summary>
    public const int EmailLength = 320;

    /// <summary>A first name, last name or hosted domain.</summary>
    public const int NameLength = 200;

    public const int PictureUrlLength = 2048;

    public const int IssuerLength = 256;

    /// <summary>Google's <c>sub</c> is at most 255 ASCII characters.</summary>
    public const int SubjectLength = 255;

    /// <summary>A provider's route name (<c>Auth:Providers:&lt;name&gt;</c> allows 32 characters).</summary>
    public const int ProviderNameLength = 32;

    public const int UserAgentLength = 512;

    /// <summary>The longest text form of an IPv6 address (with an embedded IPv4 part).</summary>
    public const int IpAddressLength = 45;

    /// <summary>Real ID tokens are about 1 KB; anything near this size is not one.</summary>
    public const int IdTokenLength = 16 * 1024;

    public const int NonceLength = 512;

    /// <summary>The sign-in request body, in bytes: an ID token and a nonce in JSON fit many times over.</summary>
    public const int SignInRequestBytes = 16 * 1024;
}
