using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace GoogleLogin.Infrastructure.RedirectSignIn;

/// <summary>
/// Seals a redirect's state with ASP.NET Core Data Protection (authenticated encryption, under keys every
/// instance reads from the database), as ASP.NET Core's own OpenID Connect handler protects its state.
/// </summary>
internal sealed class AuthorizationStateProtector(IDataProtectionProvider dataProtection) : IAuthorizationStateProtector
{
    // A purpose of its own: nothing sealed for another use of the keys opens as a state. "v1" names the layout below.
    // The time limit is the sealed ExpiresAt, which the callback holds to the app's clock (AuthorizationState.IsValidFor).
    private readonly IDataProtector _protector = dataProtection.CreateProtector("GoogleLogin.RedirectSignIn.AuthorizationState.v1");

    public string Protect(AuthorizationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(state.Id);
            writer.Write(state.BindingHash);
            writer.Write(state.Provider);
            writer.Write(state.Nonce);
            writer.Write(state.CodeVerifier);
            writer.Write(state.ReturnUrl);
            writer.Write(state.ExpiresAt.UtcTicks);
            writer.Write(state.PresentedSessionHash is not null);
            if (state.PresentedSessionHash is { } presented)
            {
                writer.Write(presented);
            }

            writer.Write(state.LinkingSessionId.HasValue);
            if (state.LinkingSessionId is { } linkingSessionId)
            {
                writer.Write(linkingSessionId.ToByteArray());
            }

            writer.Write(state.ReauthenticatingSessionId.HasValue);
            if (state.ReauthenticatingSessionId is { } reauthenticatingSessionId)
            {
                writer.Write(reauthenticatingSessionId.ToByteArray());
            }
        }

        return Base64Url.EncodeToString(_protector.Protect(buffer.ToArray()));
    }

    public AuthorizationState? Unprotect(string sealedState)
    {
        ArgumentNullException.ThrowIfNull(sealedState);
        try
        {
            var plain = _protector.Unprotect(Base64Url.DecodeFromChars(sealedState));
            using var reader = new BinaryReader(new MemoryStream(plain), Encoding.UTF8);
            var id = reader.ReadString();
            var bindingHash = reader.ReadBytes(RandomToken.HashSizeInBytes);
            var provider = reader.ReadString();
            var nonce = reader.ReadString();
            var codeVerifier = reader.ReadString();
            var returnUrl = reader.ReadString();
            var expiresAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var presentedSessionHash = reader.ReadBoolean() ? reader.ReadBytes(RandomToken.HashSizeInBytes) : null;
            Guid? linkingSessionId = reader.ReadBoolean() ? new Guid(reader.ReadBytes(16)) : null;
            // Added later: a state sealed before (under way across an upgrade) has none.
            Guid? reauthenticatingSessionId = reader.BaseStream.Position < reader.BaseStream.Length && reader.ReadBoolean() ? new Guid(reader.ReadBytes(16)) : null;
            return AuthorizationState.Restore(
                id, bindingHash, provider, nonce, codeVerifier, returnUrl, expiresAt, presentedSessionHash, linkingSessionId, reauthenticatingSessionId);
        }
        // Data Protection reads its key ring from the database, and wraps that failure too: an outage is no forged state.
        catch (Exception exception) when ((exception is CryptographicException or FormatException or EndOfStreamException or ArgumentException) &&
            !DatabaseFailure.IsUnavailable(exception))
        {
            // Not sealed here, altered, or under a key no instance has: all the same to the caller.
            return null;
        }
    }
}
