using System.Security.Cryptography;

namespace GoogleLogin.Infrastructure.Identity.Development;

/// <summary>
/// The development signing key kept in a PEM file, so that several instances behind one load balancer
/// sign and accept the same tokens: a token minted by one instance is posted to whichever instance the
/// balancer picks next. The first instance to start makes the key; the others read it.
/// </summary>
internal static class DevelopmentSigningKeyFile
{
    private const int KeySizeInBits = 2048;

    /// <summary>The RSA key in <paramref name="path"/>, made and written there first when the file does not exist.</summary>
    /// <exception cref="InvalidOperationException">The file exists but holds no usable RSA private key.</exception>
    public static RSA LoadOrCreate(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            var created = TryCreate(fullPath);
            if (created is not null)
            {
                return created;
            }
        }

        return Load(fullPath);
    }

    /// <summary>
    /// Writes a new key to a file of its own, then moves it into place unless the target already exists.
    /// Instances starting together race here: the move is atomic and never overwrites, so exactly one
    /// key wins, no instance ever reads a half-written file, and the losers read the winner's.
    /// </summary>
    private static RSA? TryCreate(string fullPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var key = RSA.Create(KeySizeInBits);
        var temporaryPath = $"{fullPath}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // A private key: readable by this user only, from the moment the file exists.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporaryPath, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key.ExportPkcs8PrivateKeyPem());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, fullPath, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another instance moved its key into place first.
            key.Dispose();
            return null;
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    private static RSA Load(string fullPath)
    {
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(fullPath));
            if (key.KeySize < KeySizeInBits)
            {
                throw new InvalidOperationException($"The development signing key in '{fullPath}' has {key.KeySize} bits; at least {KeySizeInBits} are needed.");
            }

            // A PEM file with only the public key imports too, but cannot sign.
            _ = key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException(
                $"'{fullPath}' ({DevelopmentSignIn.SigningKeyFileKey}) does not hold an RSA private key in PEM. " +
                "Delete it to have a new key made, or point the setting at another file.",
                exception);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
