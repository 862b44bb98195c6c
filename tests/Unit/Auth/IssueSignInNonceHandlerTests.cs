using System.Buffers.Text;
using GoogleLogin.Application.Auth.IssueSignInNonce;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Tests.Unit.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Auth;

public sealed class IssueSignInNonceHandlerTests
{
    private readonly InMemoryStore _store = new();
    private readonly FakeTimeProvider _time = new(TestData.Now);
    private readonly IssueSignInNonceHandler _handler;

    public IssueSignInNonceHandlerTests() => _handler = new IssueSignInNonceHandler(_store, _time);

    [Fact]
    public async Task A_nonce_is_signed_for_its_browser_for_five_minutes_and_issuing_it_writes_nothing()
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None);

        SignInNonce.Check(issued.Value, issued.Binding, _store.NonceKey, TestData.Now.AddMinutes(5).AddTicks(-1)).Check.Should().Be(SignInNonceCheck.Valid);
        SignInNonce.Check(issued.Value, issued.Binding, _store.NonceKey, TestData.Now.AddMinutes(5)).Check.Should().Be(SignInNonceCheck.Expired);
        _store.Nonces.Should().BeEmpty();
        _store.SaveCount.Should().Be(0);
        issued.ToString().Should().NotContain(issued.Value).And.NotContain(issued.Binding);
    }

    [Fact]
    public async Task A_browser_without_a_binding_gets_a_new_random_one()
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(Binding: null), CancellationToken.None);

        Base64Url.DecodeFromChars(issued.Binding).Should().HaveCount(32);
        SignInNonce.Check(issued.Value, issued.Binding, _store.NonceKey, TestData.Now).Check.Should().Be(SignInNonceCheck.Valid);
    }

    [Fact]
    public async Task A_browser_keeps_its_binding_for_every_nonce_so_each_tab_can_sign_in()
    {
        var firstTab = await _handler.Handle(new IssueSignInNonceCommand(Binding: null), CancellationToken.None);

        var secondTab = await _handler.Handle(new IssueSignInNonceCommand(firstTab.Binding), CancellationToken.None);

        secondTab.Binding.Should().Be(firstTab.Binding);
        secondTab.Value.Should().NotBe(firstTab.Value);
        SignInNonce.Check(firstTab.Value, firstTab.Binding, _store.NonceKey, TestData.Now).Check.Should().Be(SignInNonceCheck.Valid);
        SignInNonce.Check(secondTab.Value, firstTab.Binding, _store.NonceKey, TestData.Now).Check.Should().Be(SignInNonceCheck.Valid);
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
    public async Task A_nonce_is_refused_for_another_browser_with_another_key_and_with_any_character_changed()
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None);

        SignInNonce.Check(issued.Value, RandomToken.New(), _store.NonceKey, TestData.Now).Check.Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
        SignInNonce.Check(issued.Value, null, _store.NonceKey, TestData.Now).Check.Should().Be(SignInNonceCheck.NotBoundToThisBrowser);
        SignInNonce.Check(issued.Value, issued.Binding, new InMemoryDatabase().NonceKey, TestData.Now).Check.Should().Be(SignInNonceCheck.NotIssuedHere);
        for (var i = 0; i < issued.Value.Length; i++)
        {
            var altered = issued.Value[..i] + (issued.Value[i] == 'A' ? 'B' : 'A') + issued.Value[(i + 1)..];
            SignInNonce.Check(altered, issued.Binding, _store.NonceKey, TestData.Now).Check.Should().NotBe(SignInNonceCheck.Valid, $"character {i} was changed");
        }
    }

    [Fact]
    public async Task A_valid_nonce_s_record_of_use_holds_only_hashes_until_it_expires()
    {
        var issued = await _handler.Handle(new IssueSignInNonceCommand(), CancellationToken.None);

        var (_, use) = SignInNonce.Check(issued.Value, issued.Binding, _store.NonceKey, TestData.Now.AddMinutes(1));

        use!.Hash.Should().Equal(RandomToken.Hash(issued.Value));
        use.BindingHash.Should().Equal(RandomToken.Hash(issued.Binding));
        use.ExpiresAt.Should().Be(TestData.Now.AddMinutes(5));
    }
}
