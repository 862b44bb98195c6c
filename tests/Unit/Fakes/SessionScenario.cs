using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using Microsoft.Extensions.Time.Testing;

namespace GoogleLogin.Tests.Unit.Fakes;

/// <summary>Two registered users, a store and a clock: the starting point of the session handlers' tests.</summary>
internal sealed class SessionScenario
{
    public SessionScenario()
    {
        User = User.Register(new ExternalIdentity("https://accounts.google.com", "1"), "google", new UserProfile("a@example.com", true, "A", null, null, null), TestData.Now);
        OtherUser = User.Register(new ExternalIdentity("https://accounts.google.com", "2"), "google", new UserProfile("b@example.com", true, "B", null, null, null), TestData.Now);
        Store.Users.AddRange([User, OtherUser]);
    }

    public static SessionLifetime Lifetime { get; } = TestData.SessionOptions().Value.ToLifetime();

    public InMemoryStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(TestData.Now);

    public User User { get; }

    public User OtherUser { get; }

    /// <summary>
    /// A saved session of <paramref name="user"/>, opened through <paramref name="login"/> (by default its first);
    /// the clock then moves on a second, so sessions differ in age.
    /// </summary>
    public Session OpenSession(User user, string? userAgent = null, UserLogin? login = null)
    {
        var session = Session.Open(user.Id, (login ?? user.Logins.First()).Id, SessionToken.New(), Lifetime, Time.GetUtcNow(), userAgent, "203.0.113.9");
        Store.Sessions.Add(session);
        Time.Advance(TimeSpan.FromSeconds(1));
        return session;
    }
}
