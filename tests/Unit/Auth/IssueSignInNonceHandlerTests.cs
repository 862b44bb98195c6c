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
        issued.ToString().Should().NotContain(issued.Value).And.NotContain(issued.Binding);
    }

    [Fact]
    public async Task A_browser_without_a_binding_gets_a_new_random_one_stored_only_as_its_hash()
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(Binding: null), CancellationToken.None);

        Base64Url.DecodeFromChars(issued.Binding).Should().HaveCount(32);
        _store.Nonces.Should().ContainSingle().Which.BindingHash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(issued.Binding)));
    }

    [Fact]
    public async Task A_browser_keeps_its_binding_for_every_nonce_so_each_tab_can_sign_in()
    {
        var firstTab = await _handler.Handle(new IssueSignInNonceCommand(Binding: null), CancellationToken.None);

        var secondTab = await _handler.Handle(new IssueSignInNonceCommand(firstTab.Binding), CancellationToken.None);

        secondTab.Binding.Should().Be(firstTab.Binding);
        secondTab.Value.Should().NotBe(firstTab.Value);
        _store.Nonces.Select(n => n.BindingHash).Should().AllSatisfy(hash => hash.Should().Equal(SHA256.HashData(Encoding.ASCII.GetBytes(firstTab.Binding))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("not base64url but the right length: 0123456")]
    public async Task A_binding_this_app_could_not_have_made_is_replaced(string junk)
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(junk), CancellationToken.None);

        issued.Binding.Should().NotBe(junk);
        Base64Url.DecodeFromChars(issued.Binding).Should().HaveCount(32);
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
