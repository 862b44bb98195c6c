using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Users.GetCurrentUser;
using GoogleLogin.Domain.Users;
using GoogleLogin.Tests.Unit.Fakes;

namespace GoogleLogin.Tests.Unit.Users;

public sealed class GetCurrentUserHandlerTests
{
    [Fact]
    public async Task Maps_the_user_to_the_public_shape()
    {
        var store = new InMemoryStore();
        var user = User.Register(
            new ExternalIdentity("https://accounts.google.com", "42"),
            new UserProfile("grace@example.com", true, "Grace", "Hopper", "https://example.com/g.png", null),
            TestData.Now);
        store.Users.Add(user);

        var dto = await new GetCurrentUserHandler(store, TestData.Mapper).Handle(new GetCurrentUserQuery(user.Id), CancellationToken.None);

        dto.Should().BeEquivalentTo(new
        {
            user.Id,
            Email = "grace@example.com",
            FirstName = "Grace",
            LastName = "Hopper",
            PictureUrl = "https://example.com/g.png",
        });
    }

    [Fact]
    public async Task A_missing_user_is_not_found()
    {
        var act = () => new GetCurrentUserHandler(new InMemoryStore(), TestData.Mapper)
            .Handle(new GetCurrentUserQuery(Guid.NewGuid()), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<NotFoundException>();
    }
}
