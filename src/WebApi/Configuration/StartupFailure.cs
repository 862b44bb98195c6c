using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Configuration;

/// <summary>
/// The start-up failures an operator fixes without reading code: a setting that is missing or invalid, or an address
/// another program already listens on. Each becomes one line that says what to change.
/// </summary>
internal static class StartupFailure
{
    /// <summary>The lines to print for <paramref name="exception"/>, or null when it is not such a failure (a bug keeps its stack trace).</summary>
    public static IReadOnlyList<string>? Describe(Exception? exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures.Select(failure => $"Invalid setting: {failure}")],
        // Several validators failed at once (the host's start-up validation gathers them).
        AggregateException { InnerExceptions: var inner } when inner.All(one => Describe(one) is not null) =>
            [.. inner.SelectMany(one => Describe(one)!)],
        // A value the configuration binder cannot convert, such as "abc" for a duration. Its message names the key.
        InvalidOperationException { InnerException: not null } unconvertible
            when unconvertible.TargetSite?.DeclaringType == typeof(ConfigurationBinder) =>
            [$"Invalid setting: {unconvertible.Message}"],
        IOException { InnerException: AddressInUseException } busy =>
            [$"Cannot start: {busy.Message} Another program listens there: stop it, or choose another address with --urls " +
             "(or ASPNETCORE_URLS), such as http://localhost:5081."],
        _ => null,
    };
}
