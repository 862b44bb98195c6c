using GoogleLogin.Application.Common.Exceptions;
using GoogleLogin.Application.Common.Interfaces;
using Mediator;

namespace GoogleLogin.Application.Greetings.Greet;

public sealed class GreetHandler(IUserRepository users) : ICommandHandler<GreetCommand, GreetingDto>
{
    public async ValueTask<GreetingDto> Handle(GreetCommand command, CancellationToken cancellationToken)
    {
        // A refusal is an exception of Common/Exceptions: the error catalogue answers it (here 404 not_found).
        var user = await users.FindByIdAsync(command.UserId, cancellationToken)
            ?? throw new NotFoundException("User", command.UserId);
        return new GreetingDto($"Hello, {command.Name}!", user.CreatedAt);
    }
}
