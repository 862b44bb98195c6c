using Mediator;

namespace GoogleLogin.Application.Greetings.Greet;

/// <summary>Greets the signed-in user by the name they give.</summary>
public sealed record GreetCommand(Guid UserId, string Name) : ICommand<GreetingDto>;

/// <summary>A greeting, as the API answers it.</summary>
public sealed record GreetingDto(string Message, DateTimeOffset MemberSince);
