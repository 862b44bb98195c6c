using Google.Apis.Auth;
using Newtonsoft.Json;

namespace GoogleLogin.Infrastructure.Identity.Google;

/// <summary>Google's payload plus the claims Google.Apis.Auth does not map.</summary>
internal sealed class GoogleIdTokenPayload : GoogleJsonWebSignature.Payload
{
    /// <summary>The client the token was issued to, when it differs from the audience.</summary>
    [JsonProperty("azp")]
    public string? AuthorizedParty { get; set; }
}
