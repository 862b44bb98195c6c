using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoogleLogin.Domain.Audit;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoogleLogin.Tests.Functional;

/// <summary>The account's security activity: what each action records, and what the API shows of it.</summary>
public sealed class SecurityActivityTests(GoogleLoginApp app) : IClassFixture<GoogleLoginApp>, IDisposable
{
    public void Dispose() => app.ShouldHaveAnsweredOnlyAsDocumented();

    private HttpClient Browser(string userAgent, string address)
    {
        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        browser.DefaultRequestHeaders.Add(ClientAddressFromTestHeader.HeaderName, address);
        return browser;
    }

    private static async Task<List<JsonElement>> ActivityAsync(HttpClient browser, string query = "")
    {
        var response = await browser.GetAsync($"/api/users/me/activity{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }

    private static IEnumerable<string?> Types(IEnumerable<JsonElement> events) => events.Select(e => e.GetProperty("type").GetString());

    private static Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string path, object? body = null) =>
        browser.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
            Headers = { { "X-CSRF", "1" } },
        });

    [Fact]
    public async Task Every_action_on_the_account_is_listed_newest_first_with_its_provider_address_and_browser()
    {
        var laptop = Browser("Laptop/1.0", "203.0.113.10");
        (await app.SignInAsync(laptop, subject: "activity-owner")).StatusCode.Should().Be(HttpStatusCode.OK);
        var phone = Browser("Phone/2.0", "198.51.100.20");
        (await app.SignInAsync(phone, subject: "activity-owner")).StatusCode.Should().Be(HttpStatusCode.OK);
        var tablet = Browser("Tablet/3.0", "198.51.100.30");
        (await app.SignInAsync(tablet, subject: "activity-owner")).StatusCode.Should().Be(HttpStatusCode.OK);

        var nonce = await laptop.GetNonceAsync();
        var link = await SendAsync(laptop, HttpMethod.Post, "/api/users/me/logins/google", new { idToken = app.SignGoogleToken("activity-second", nonce: nonce), nonce });
        link.StatusCode.Should().Be(HttpStatusCode.OK);
        var tabletSession = (await (await laptop.GetAsync("/api/auth/sessions")).ReadJsonAsync()).EnumerateArray()
            .Single(s => s.GetProperty("userAgent").GetString() == "Tablet/3.0").GetProperty("id").GetGuid();
        (await SendAsync(laptop, HttpMethod.Delete, $"/api/auth/sessions/{tabletSession}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await SendAsync(laptop, HttpMethod.Post, "/api/auth/logout-others")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var linkedId = (await link.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await SendAsync(laptop, HttpMethod.Delete, $"/api/users/me/logins/{linkedId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var activity = await ActivityAsync(laptop);

        Types(activity).Should().Equal(
            "login_unlinked", "signed_out_elsewhere", "session_revoked", "login_linked", "signed_in", "signed_in", "signed_in");
        activity.Select(e => e.GetProperty("id").GetInt64()).Should().BeInDescendingOrder();
        activity[0].GetProperty("provider").GetString().Should().Be("google");
        activity[0].GetProperty("providerDisplayName").GetString().Should().Be("Google");
        activity[1].GetProperty("provider").ValueKind.Should().Be(JsonValueKind.Null);
        activity.Select(e => e.GetProperty("userAgent").GetString()).Should().Equal(
            "Laptop/1.0", "Laptop/1.0", "Laptop/1.0", "Laptop/1.0", "Tablet/3.0", "Phone/2.0", "Laptop/1.0");
        activity.Select(e => e.GetProperty("ipAddress").GetString()).Should().Equal(
            "203.0.113.10", "203.0.113.10", "203.0.113.10", "203.0.113.10", "198.51.100.30", "198.51.100.20", "203.0.113.10");
        activity[0].EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "id", "occurredAt", "type", "provider", "providerDisplayName", "accountEmail", "ipAddress", "userAgent");
        // The account each event was about, as its provider named it then: two Google accounts told apart.
        activity.Select(e => e.GetProperty("accountEmail").GetString()).Should().Equal(
            "activity-second@example.com", null, null, "activity-second@example.com",
            "activity-owner@example.com", "activity-owner@example.com", "activity-owner@example.com");
        activity[0].GetProperty("occurredAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));

        // Signing out, then everywhere, from a new sign-in: the last two events, seen from that session.
        (await laptop.LogoutAsync()).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.SignInAsync(laptop, subject: "activity-owner")).StatusCode.Should().Be(HttpStatusCode.OK);
        Types(await ActivityAsync(laptop, "?limit=2")).Should().Equal("signed_in", "signed_out");
        (await SendAsync(laptop, HttpMethod.Post, "/api/auth/logout-all")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.SignInAsync(laptop, subject: "activity-owner")).StatusCode.Should().Be(HttpStatusCode.OK);
        Types(await ActivityAsync(laptop, "?limit=2")).Should().Equal("signed_in", "signed_out_everywhere");
    }

    [Fact]
    public async Task Pages_follow_one_another_with_before_and_another_user_s_events_never_appear()
    {
        var browser = await app.SignedInBrowserAsync("activity-pages");
        (await app.SignInAsync(app.CreateBrowser(), subject: "activity-pages")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.SignInAsync(app.CreateBrowser(), subject: "activity-pages")).StatusCode.Should().Be(HttpStatusCode.OK);
        await app.SignedInBrowserAsync("activity-someone-else");

        var first = await ActivityAsync(browser, "?limit=2");
        var rest = await ActivityAsync(browser, $"?limit=2&before={first[^1].GetProperty("id").GetInt64()}");

        first.Should().HaveCount(2);
        rest.Should().ContainSingle();
        first.Concat(rest).Select(e => e.GetProperty("id").GetInt64()).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        (await ActivityAsync(browser)).Should().HaveCount(3, "the other user's sign-in is theirs alone");
    }

    [Fact]
    public async Task Sessions_ended_by_a_sign_in_are_recorded_for_their_owner_and_a_revocation_only_once()
    {
        var browser = await app.SignedInBrowserAsync("activity-implicit");
        // Someone else signs in in this browser: the session it held ends, and its owner is told.
        (await app.SignInAsync(browser, subject: "activity-implicit-other")).StatusCode.Should().Be(HttpStatusCode.OK);
        var owner = await app.SignedInBrowserAsync("activity-implicit");
        Types(await ActivityAsync(owner)).Should().Equal("signed_in", "session_revoked", "signed_in");

        var phone = await app.SignedInBrowserAsync("activity-implicit");
        var phoneSession = (await (await owner.GetAsync("/api/auth/sessions")).ReadJsonAsync()).EnumerateArray()
            .Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();
        (await SendAsync(owner, HttpMethod.Delete, $"/api/auth/sessions/{phoneSession}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await SendAsync(owner, HttpMethod.Delete, $"/api/auth/sessions/{phoneSession}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        Types(await ActivityAsync(owner, "?limit=3")).Should().Equal("session_revoked", "signed_in", "signed_in");
        await (await phone.GetAsync("/api/users/me")).ShouldBeProblemAsync(401);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=ten")]
    [InlineData("?before=0")]
    [InlineData("?before=x")]
    public async Task A_bad_limit_or_cursor_is_a_400(string query)
    {
        var browser = await app.SignedInBrowserAsync("activity-bad-query");

        await (await browser.GetAsync($"/api/users/me/activity{query}")).ShouldBeProblemAsync(400);
    }

    [Fact]
    public async Task Without_a_session_there_is_no_activity_to_read()
    {
        await (await app.CreateBrowser().GetAsync("/api/users/me/activity")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task A_refused_sign_in_that_names_a_user_is_in_that_user_s_activity()
    {
        // A Gmail address: Google vouches for it, so it is the owner's verified email.
        var owner = app.CreateBrowser();
        (await app.SignInAsync(owner, subject: "activity-clash-owner", email: "activity-clash-owner@gmail.com")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var claimant = Browser("Claimant/1.0", "192.0.2.99");

        await (await app.SignInAsync(claimant, subject: "activity-clash-claimant", email: "activity-clash-owner@gmail.com")).ShouldBeProblemAsync(409);
        // Repeated at will by the claimant: the owner's activity holds it once an hour, not once a try.
        await (await app.SignInAsync(claimant, subject: "activity-clash-claimant", email: "activity-clash-owner@gmail.com")).ShouldBeProblemAsync(409);

        Types(await ActivityAsync(owner)).Should().Equal("sign_in_refused_email_in_use", "signed_in");
        var refused = (await ActivityAsync(owner))[0];
        refused.GetProperty("type").GetString().Should().Be("sign_in_refused_email_in_use");
        refused.GetProperty("providerDisplayName").GetString().Should().Be("Google");
        refused.GetProperty("userAgent").GetString().Should().Be("Claimant/1.0");
        refused.GetProperty("ipAddress").GetString().Should().Be("192.0.2.99");
    }

    [Fact]
    public async Task A_sign_in_refused_because_the_account_is_disabled_is_recorded_for_it()
    {
        await app.SignedInBrowserAsync("activity-disabled");
        Guid userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Logins.Any(l => l.Subject == "activity-disabled"));
            user.Deactivate();
            await db.SaveChangesAsync();
            userId = user.Id;
        }

        await (await app.SignInAsync(app.CreateBrowser(), subject: "activity-disabled")).ShouldBeProblemAsync(403);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var events = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SecurityEvents
                .Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
            events.Should().Equal(SecurityEventType.SignedIn, SecurityEventType.SignInRefusedDisabled);
        }
    }

    [Fact]
    public async Task No_event_holds_a_token_cookie_or_nonce()
    {
        var browser = app.CreateBrowser();
        var nonce = await browser.GetNonceAsync();
        var token = app.SignGoogleToken("activity-secrets", nonce: nonce);
        var signIn = await browser.SignInAsync(token, nonce);
        var cookie = signIn.SetCookie("__Host-gl-session")!.Split(';')[0].Split('=', 2)[1];

        var body = await (await browser.GetAsync("/api/users/me/activity")).Content.ReadAsStringAsync();
        string stored;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            stored = JsonSerializer.Serialize(await scope.ServiceProvider.GetRequiredService<AppDbContext>().SecurityEvents.ToListAsync());
        }

        foreach (var secret in new[] { token, cookie, nonce })
        {
            body.Should().NotContain(secret);
            stored.Should().NotContain(secret);
        }
    }
}
