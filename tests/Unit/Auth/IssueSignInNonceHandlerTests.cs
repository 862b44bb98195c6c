using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoogleLogin.Application.Auth.IssueSignInNonce;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class IssueSignInNonceHandlerTests
{
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly IssueSignInNonceHandler _handler;

    public IssueSignInNonceHandlerTests() => _handler = new IssueSignInNonceHandler(_store, _store, _time);

    [Fact]
    public async Task Nonce_is_256_random_bits_stored_only_as_its_hash_for_five_minutes()
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None);

        Base64Url.DecodeFromChars(issued.Value).Should().HaveCount(32);
        var stored = _store.Nonces.Should().ContainSingle().Subject;
        stored.Hash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(issued.Value)));
        stored.ExpiresAt.Should().Be(TestData.Now.AddMinutes(5));
        issued.ToString().Should().NotContain(issued.Value);
    }

    [Fact]
    public async Task Every_nonce_is_different()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            values.Add((await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None)).Value);
        }

        values.Should().HaveCount(100);
    }

    [Fact]
    public async Task Issuing_a_nonce_is_one_write_and_leaves_expired_nonces_to_the_sweep()
    {
        await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None);

        _store.Nonces.Select(n => n.ExpiresAt).Should().BeEquivalentTo([TestData.Now.AddMinutes(5), TestData.Now.AddMinutes(10)]);
        _store.SaveCount.Should().Be(2);
    }
}
