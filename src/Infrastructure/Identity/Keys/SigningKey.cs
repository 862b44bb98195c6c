namespace GoogleLogin.Infrastructure.Identity.Keys;

/// <summary>One RSA public key of a key set, identified by its <c>kid</c>.</summary>
/// <param name="KeyId">The key's <c>kid</c>.</param>
/// <param name="KeySetVersion">Hash of the key set document the key came from; changes whenever the document does.</param>
/// <param name="KeySetJson">A JSON Web Key Set holding only this key.</param>
internal sealed record SigningKey(string KeyId, string KeySetVersion, string KeySetJson);
