using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Users;

namespace GoogleLogin.Tests.Unit.Domain;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Unverified_or_missing_email_is_stored_as_unverified()
    {
        var user = User.Register(new ExternalIdentity("iss", "sub"), "google", new UserProfile("a@example.com", false, null, null, null, null), Now);
        user.EmailVerified.Should().BeFalse();

        user.RecordSignIn(new ExternalIdentity("iss", "sub"), "google", new UserProfile(null, true, null, null, null, null), Now);
        user.EmailVerified.Should().BeFalse("there is no email to be verified");
    }

    [Fact]
    public void Over_long_profile_values_are_cut_and_over_long_picture_urls_dropped()
    {
        var profile = new UserProfile(
            new string('e', 400), true, new string('f', 300), "  Lovelace  ", "https://example.com/" + new string('p', 3000), null);

        profile.Email.Should().HaveLength(Limits.EmailLength);
        profile.FirstName.Should().HaveLength(Limits.NameLength);
        profile.LastName.Should().Be("Lovelace");
        profile.PictureUrl.Should().BeNull();
    }

    [Theory]
    [InlineData("", "sub")]
    [InlineData("iss", " ")]
    public void Identity_needs_issuer_and_subject(string issuer, string subject)
    {
        var act = () => new ExternalIdentity(issuer, subject);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void An_inactive_user_cannot_record_a_sign_in()
    {
        var user = User.Register(new ExternalIdentity("iss", "sub"), "google", new UserProfile(null, false, null, null, null, null), Now);
        user.Deactivate();

        var act = () => user.RecordSignIn(new ExternalIdentity("iss", "sub"), "google", new UserProfile(null, false, null, null, null, null), Now);
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_linked_login_is_kept_once_and_an_inactive_user_gains_none()
    {
        var user = User.Register(new ExternalIdentity("iss", "sub-1"), "google", new UserProfile("a@example.com", true, null, null, null, null), Now);

        user.Link(new ExternalIdentity("iss-2", "sub-2"), "acme", "a@acme.example", Now.AddDays(1));
        user.Link(new ExternalIdentity("iss-2", "sub-2"), "acme", "a@acme.example", Now.AddDays(2));
        user.Logins.Select(l => (l.Identity.Subject, l.Provider, l.Email, l.LinkedAt)).Should().Equal(
            ("sub-1", "google", "a@example.com", Now), ("sub-2", "acme", "a@acme.example", Now.AddDays(1)));

        user.Deactivate();
        var act = () => user.Link(new ExternalIdentity("iss", "sub-3"), "google", null, Now);
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_sign_in_records_the_login_s_last_use_and_email_and_the_provider_that_verified_it()
    {
        var identity = new ExternalIdentity("iss", "sub");
        var user = User.Register(identity, "google", new UserProfile("old@example.com", true, null, null, null, null), Now);

        user.RecordSignIn(identity, "google", new UserProfile("new@example.com", true, null, null, null, null), Now.AddHours(1));

        user.Logins.Should().ContainSingle().Which.Should().Match<UserLogin>(l =>
            l.Email == "new@example.com" && l.LinkedAt == Now && l.LastUsedAt == Now.AddHours(1) && l.Provider == "google");
    }

    [Fact]
    public void Any_login_but_the_last_can_be_unlinked_and_an_unknown_one_is_not_found()
    {
        var user = User.Register(new ExternalIdentity("iss", "sub-1"), "google", new UserProfile(null, false, null, null, null, null), Now);
        user.Link(new ExternalIdentity("iss-2", "sub-2"), "acme", null, Now);
        var second = user.Logins.Single(l => l.Provider == "acme").Id;

        user.Unlink(Guid.NewGuid()).Should().BeNull();
        user.Unlink(second).Should().Match<UserLogin>(l => l.Id == second && l.Provider == "acme");

        var act = () => user.Unlink(user.Logins.Single().Id);
        act.Should().Throw<LastLoginException>();
        user.Logins.Should().ContainSingle();
    }

    [Fact]
    public void A_login_s_id_is_the_same_for_the_same_account_and_differs_between_accounts()
    {
        UserLogin LoginOf(string issuer, string subject) =>
            User.Register(new ExternalIdentity(issuer, subject), "google", new UserProfile(null, false, null, null, null, null), Now).Logins.Single();

        LoginOf("iss", "sub").Id.Should().Be(LoginOf("iss", "sub").Id);
        LoginOf("iss", "sub").Id.Should().NotBe(LoginOf("iss", "sub2").Id).And.NotBe(LoginOf("iss2", "sub").Id);
        // The issuer's length keeps the two parts apart.
        LoginOf("is", "s\nsub").Id.Should().NotBe(LoginOf("is\ns", "sub").Id);
    }

    [Theory]
    [InlineData(" Ada@Example.COM ", "ADA@EXAMPLE.COM")]
    [InlineData("ada.lovelace+x@gmail.com", "ADA.LOVELACE+X@GMAIL.COM")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Emails_compare_ignoring_case_and_nothing_else(string? email, string? normalized) =>
        User.NormalizeEmail(email).Should().Be(normalized);

    [Theory]
    [InlineData("nul\0@example.com")]
    [InlineData("tab\t@example.com")]
    [InlineData("del\u007F@example.com")]
    public void An_address_with_a_control_character_is_no_address_and_compares_with_nothing(string email) =>
        User.NormalizeEmail(email).Should().BeNull();

    [Fact]
    public void No_character_but_an_ascii_lowercase_letter_is_changed_whatever_the_globalization_mode()
    {
        // Unicode case mapping depends on the runtime's globalization data; this must not.
        var changed = new List<string>();
        for (var c = '\u0001'; c < char.MaxValue; c++)
        {
            if (char.IsSurrogate(c) || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                continue;
            }

            var expected = char.IsAsciiLetterLower(c) ? (char)(c - 'a' + 'A') : c;
            if (User.NormalizeEmail($"x{c}@x") != $"X{expected}@X")
            {
                changed.Add($"U+{(int)c:X4}");
            }
        }

        changed.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\u017F@example.com", "s@example.com", "\u017F@EXAMPLE.COM")] // long s: upper-cased to S with ICU casing data
    [InlineData("\u0131@example.com", "i@example.com", "\u0131@EXAMPLE.COM")] // dotless i: Turkish casing pairs it with I
    [InlineData("\u212A@example.com", "k@example.com", "\u212A@EXAMPLE.COM")] // Kelvin sign: lower-cases to k
    [InlineData("jos\u00E9@example.com", "JOS\u00C9@example.com", "JOS\u00E9@EXAMPLE.COM")]
    public void Only_ascii_letters_are_folded_so_different_addresses_never_compare_equal(string email, string lookalike, string normalized)
    {
        User.NormalizeEmail(email).Should().Be(normalized);
        User.NormalizeEmail(email).Should().NotBe(User.NormalizeEmail(lookalike));
    }

    [Theory]
    [InlineData("https://lh3.googleusercontent.com/a/ada", true)]
    [InlineData(" data:image/svg+xml;base64,PHN2Zy8+ ", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("http://lh3.googleusercontent.com/a/ada", false)]
    [InlineData("//evil.example/a.png", false)]
    [InlineData("not a url", false)]
    public void Only_https_or_inline_image_pictures_are_kept(string pictureUrl, bool kept) =>
        new UserProfile(null, false, null, null, pictureUrl, null).PictureUrl.Should().Be(kept ? pictureUrl.Trim() : null);
}
