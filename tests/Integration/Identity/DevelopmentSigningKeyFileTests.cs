using System.Text.Json;
using GoogleLogin.Infrastructure.Identity.Development;

namespace GoogleLogin.Tests.Integration.Identity;

/// <summary>
/// <c>Auth:Google:Development:SigningKeyFile</c>: instances given the same file sign with one key and
/// publish one kid, so behind a load balancer a development token minted by one verifies on another.
/// </summary>
public sealed class DevelopmentSigningKeyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("googlelogin-devkey-").FullName;

    private string KeyFile => Path.Combine(_folder, "keys", "development-key.pem");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string KidOf(string keySetJson) =>
        JsonDocument.Parse(keySetJson).RootElement.GetProperty("keys")[0].GetProperty("kid").GetString()!;

    [Fact]
    public async Task Two_providers_given_one_file_publish_one_key_and_a_token_of_one_verifies_against_the_others_key_set()
    {
        using var a = new DevelopmentIdentityProvider(TimeProvider.System, KeyFile);
        var written = await File.ReadAllTextAsync(KeyFile);
        using var b = new DevelopmentIdentityProvider(TimeProvider.System, KeyFile);

        (await File.ReadAllTextAsync(KeyFile)).Should().Be(written, "the second provider reads the key, it does not replace it");
        b.KeyId.Should().Be(a.KeyId).And.MatchRegex("^[0-9a-f]{40}$");
        b.KeySetJson.Should().Be(a.KeySetJson);
        KidOf(b.KeySetJson).Should().Be(a.KeyId);
        Directory.GetFiles(Path.GetDirectoryName(KeyFile)!).Should().Equal(KeyFile);

        await using var verifier = await VerifierFixture.StartAsync();
        verifier.Options.ClientIds.Add(DevelopmentSignIn.ClientId);
        verifier.KeyServer.RawBody = b.KeySetJson;
        var identity = await verifier.Verifier.VerifyAsync(a.MintIdToken(a.FindAccount("ada")!, "n-1"), CancellationToken.None);

        identity.Subject.Should().Be("dev-ada");
        identity.Nonce.Should().Be("n-1");
    }

    [Fact]
    public void The_key_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var provider = new DevelopmentIdentityProvider(TimeProvider.System, KeyFile);

        File.GetUnixFileMode(KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(KeyFile).Should().StartWith("-----BEGIN PRIVATE KEY-----");
    }

    [Fact]
    public async Task Providers_starting_together_make_one_key_between_them()
    {
        var providers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new DevelopmentIdentityProvider(TimeProvider.System, KeyFile))));
        try
        {
            providers.Select(p => p.KeyId).Distinct().Should().ContainSingle();
            Directory.GetFiles(Path.GetDirectoryName(KeyFile)!).Should().Equal([KeyFile], "the losers' temporary files are gone");
        }
        finally
        {
            foreach (var provider in providers)
            {
                provider.Dispose();
            }
        }
    }

    [Fact]
    public void Without_a_file_each_provider_has_its_own_key_and_writes_nothing()
    {
        using var a = new DevelopmentIdentityProvider(TimeProvider.System);
        using var b = new DevelopmentIdentityProvider(TimeProvider.System);

        b.KeyId.Should().NotBe(a.KeyId);
        a.KeySource.Should().Be("a key made at start-up, kept in memory only");
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Fact]
    public void A_file_holding_only_a_public_key_is_refused_with_a_clear_message()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
        File.WriteAllText(KeyFile, rsa.ExportSubjectPublicKeyInfoPem());

        var act = () => new DevelopmentIdentityProvider(TimeProvider.System, KeyFile);

        act.Should().Throw<InvalidOperationException>().WithMessage("*does not hold an RSA private key in PEM*");
    }
}
