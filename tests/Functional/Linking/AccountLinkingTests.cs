using System.Net;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// Account takeover by email: an account is known by (issuer, sub); a new account that claims an
/// existing user's verified email is refused, never linked: linking is done on purpose, from a session.
/// </summary>
public sealed class AccountLinkingTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    [Fact]
    public async Task A_consumer_google_account_with_another_domain_s_address_neither_gets_409_nor_claims_the_address()
    {
        // A consumer Google account once verified alice@corp.example: Google does not run that mailbox, so it proves
        // nothing today. Before the address's owner, it signs in as a new user without claiming the address ...
        var stale = await app.SignInAsync(app.CreateBrowser(), subject: "stale-consumer", email: "alice@corp.example");
        stale.StatusCode.Should().Be(HttpStatusCode.OK);
        var owner = await app.SignInAsync(app.CreateBrowser(), subject: "corp-alice", email: "alice@corp.example", customize: p => p["hd"] = "corp.example");
        owner.StatusCode.Should().Be(HttpStatusCode.OK, "the stale account never claimed the address");

        // ... and after the owner, it signs in as a new user too, rather than locking the owner's address with a 409.
        var later = await app.SignInAsync(app.CreateBrowser(), subject: "stale-consumer-2", email: "Alice@corp.example");
        later.StatusCode.Should().Be(HttpStatusCode.OK);
        (await later.ReadJsonAsync()).GetProperty("id").GetGuid().Should().NotBe((await owner.ReadJsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_second_google_account_claiming_a_registered_email_gets_409_and_no_session()
    {
        var owner = app.CreateBrowser();
        (await app.SignInAsync(owner, subject: "email-owner", email: "owner@gmail.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        var claimant = app.CreateBrowser();

        var response = await app.SignInAsync(claimant, subject: "email-claimant", email: "Owner@Gmail.com");

        var problem = await response.ShouldBeProblemAsync(409);
        problem.GetProperty("detail").GetString().Should().Be(
            "This email address belongs to an account that signs in with Google. Sign in with Google, then link Google from your account page.");
        problem.GetProperty("signInWith").GetString().Should().Be("google");
        response.SetCookie("__Host-gl-session").Should().BeNull();
        await (await claimant.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
        (await owner.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unverified_email_signs_in_as_a_separate_user_and_never_claims_the_address()
    {
        var owner = await (await app.SignInAsync(app.CreateBrowser(), subject: "verified-owner", email: "shared@example.com")).ReadJsonAsync();

        var unverified = await app.SignInAsync(
            app.CreateBrowser(), subject: "unverified-claimant", email: "shared@example.com", customize: p => p["email_verified"] = false);

        unverified.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unverified.ReadJsonAsync()).GetProperty("id").GetGuid().Should().NotBe(owner.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_known_account_whose_email_changes_to_another_users_address_still_signs_in()
    {
        await app.SignInAsync(app.CreateBrowser(), subject: "address-holder", email: "moving@example.com");
        var mover = await (await app.SignInAsync(app.CreateBrowser(), subject: "address-mover", email: "before@example.com")).ReadJsonAsync();

        var moved = await app.SignInAsync(app.CreateBrowser(), subject: "address-mover", email: "moving@example.com");

        moved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await moved.ReadJsonAsync()).GetProperty("id").GetGuid().Should().Be(mover.GetProperty("id").GetGuid());
        (await app.SignInAsync(app.CreateBrowser(), subject: "address-holder", email: "moving@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_issued_to_another_client_is_401_even_when_the_audience_is_ours()
    {
        var linesBefore = app.Logs.Lines.Count;
        var response = await app.SignInAsync(app.CreateBrowser(), subject: "foreign-azp", customize: p => p["azp"] = "another-app.apps.googleusercontent.com");

        await response.ShouldBeProblemAsync(401);
        app.Logs.ShouldHaveRejectedTokenFor(linesBefore, "untrusted_authorized_party");
    }

    /// <summary>The switch of earlier versions is ignored, with a warning: a lapsed Workspace domain or a reverse merge could take accounts.</summary>
    [Fact]
    public async Task Linking_by_verified_email_is_gone_even_when_the_old_setting_asks_for_it()
    {
        await using var linking = await GoogleLoginApp.StartAsync("Production", ("Auth:Google:LinkByVerifiedEmail", "true"));
        await linking.SignInAsync(linking.CreateBrowser(), subject: "gmail-1", email: "ada.l@gmail.com");
        await linking.SignInAsync(linking.CreateBrowser(), subject: "ws-1", email: "ada@corp.example", customize: p => p["hd"] = "corp.example");

        var gmailClaim = await linking.SignInAsync(linking.CreateBrowser(), subject: "gmail-2", email: "ada.l@gmail.com");
        var workspaceClaim = await linking.SignInAsync(linking.CreateBrowser(), subject: "ws-2", email: "ada@corp.example", customize: p => p["hd"] = "corp.example");

        await gmailClaim.ShouldBeProblemAsync(409);
        await workspaceClaim.ShouldBeProblemAsync(409);
        linking.Logs.Lines.Should().Contain(line => line.Contains("Auth:Google:LinkByVerifiedEmail is no longer read", StringComparison.Ordinal));
    }
}
