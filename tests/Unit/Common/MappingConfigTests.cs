using GoogleLogin.Application.Auth.AuthenticateSession;
using GoogleLogin.Application.Auth.ListSessions;
using GoogleLogin.Application.Common.Mappings;
using GoogleLogin.Application.Users;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Common;

public sealed class MappingConfigTests
{
    private static readonly User Ada = User.Register(
        new ExternalIdentity("https://accounts.google.com", "110169484474386276334"), "google",
        new UserProfile("ada@example.com", true, "Ada", "Lovelace", "https://lh3.googleusercontent.com/a/ada", null),
        TestData.Now);

    private static Session OpenSession(DateTimeOffset at) =>
        Session.Open(Ada.Id, Ada.Logins.First().Id, SessionToken.New(), TestData.SessionOptions().Value.ToLifetime(), at, "Firefox", "203.0.113.9");

    [Fact]
    public void Every_map_compiles_and_fills_every_member_of_its_dto()
    {
        var config = MappingConfig.Create();

        var act = () => config.Compile();

        act.Should().NotThrow();
    }

    [Fact]
    public void A_map_that_leaves_a_dto_member_without_a_source_is_refused()
    {
        var config = MappingConfig.Create();
        config.NewConfig<Session, UserDto>();

        var act = () => config.Compile();

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_user_maps_to_its_profile_and_nothing_more()
    {
        var dto = TestData.Mapper.Map<UserDto>(Ada);

        dto.Should().BeEquivalentTo(new UserDto
        {
            Id = Ada.Id,
            Email = "ada@example.com",
            FirstName = "Ada",
            LastName = "Lovelace",
            PictureUrl = "https://lh3.googleusercontent.com/a/ada",
        });
    }

    [Fact]
    public void Sessions_map_with_the_requests_own_session_marked_current()
    {
        var mine = OpenSession(TestData.Now);
        var other = OpenSession(TestData.Now.AddMinutes(1));

        var dtos = TestData.Mapper.From(new List<Session> { mine, other })
            .AddParameters(MappingConfig.CurrentSessionId, mine.Id)
            .AdaptToType<List<SessionDto>>();

        dtos.Should().Equal(
            new SessionDto(mine.Id, TestData.Now, TestData.Now, TestData.Now.AddDays(14), "Firefox", "203.0.113.9", Current: true, null, null, null),
            new SessionDto(other.Id, TestData.Now.AddMinutes(1), TestData.Now.AddMinutes(1), TestData.Now.AddMinutes(1).AddDays(14), "Firefox", "203.0.113.9", Current: false, null, null, null));
    }

    [Fact]
    public void A_pair_without_a_configured_map_is_refused_even_when_every_member_has_a_source()
    {
        var act = () => TestData.Mapper.Map<UserDto>(new UserDto { Id = Ada.Id, Email = null, FirstName = null, LastName = null, PictureUrl = null });

        act.Should().Throw<InvalidOperationException>().WithInnerException<InvalidOperationException>().WithMessage("*Implicit mapping is not allowed*");
    }
}
