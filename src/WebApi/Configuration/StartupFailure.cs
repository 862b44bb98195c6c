using System.Data.Common;
using System.Text.RegularExpressions;
using GoogleLogin.Infrastructure.Persistence;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Configuration;

/// <summary>
/// The start-up failures an operator fixes without reading code: a setting that is missing or invalid, an address
/// another program already listens on, a database that cannot be opened. Each becomes one line that says what to
/// change, and an exit code a service manager can act on.
/// </summary>
internal static partial class StartupFailure
{
    /// <summary>Fix something, then start again: a service manager should not keep restarting.</summary>
    public const int MisconfiguredExitCode = 1;

    /// <summary>EX_TEMPFAIL: the database is not reachable yet (it may be starting too); trying again later may work.</summary>
    public const int TryAgainLaterExitCode = 75;

    /// <summary>What to print and the exit code for <paramref name="exception"/>, or null when it is not such a failure (a bug keeps its stack trace).</summary>
    public static (IReadOnlyList<string> Lines, int ExitCode)? Describe(Exception? exception) => exception switch
    {
        null => null,
        OptionsValidationException invalid => ([.. invalid.Failures.Select(failure => $"Invalid setting: {failure}")], MisconfiguredExitCode),
        // Several validators failed at once (the host's start-up validation gathers them).
        AggregateException { InnerExceptions: var inner } when inner.All(one => Describe(one) is not null) =>
            ([.. inner.SelectMany(one => Describe(one)!.Value.Lines)], inner.Max(one => Describe(one)!.Value.ExitCode)),
        // A value the configuration binder cannot convert, such as "a day" for a duration. Its message quotes the value,
        // which may be a secret typed into the wrong key: only the key and the type are printed.
        InvalidOperationException { InnerException: not null } unconvertible
            when unconvertible.TargetSite?.DeclaringType == typeof(ConfigurationBinder) =>
            ([UnconvertibleValue().Match(unconvertible.Message) is { Success: true } match
                ? $"Invalid setting: {match.Groups["key"].Value} is not a valid {match.Groups["type"].Value}."
                : "Invalid setting: a value could not be read as the type its setting needs."], MisconfiguredExitCode),
        // A settings file that is not valid JSON: the parser's message says where.
        InvalidDataException { InnerException: { } parse } unreadable when unreadable.TargetSite?.DeclaringType == typeof(FileConfigurationProvider) =>
            ([$"Invalid setting: {unreadable.Message} {parse.Message}"], MisconfiguredExitCode),
        // --urls, ASPNETCORE_URLS or Kestrel's endpoints name something that is no address, or HTTPS without a certificate.
        FormatException badAddress when badAddress.TargetSite?.DeclaringType == typeof(BindingAddress) =>
            ([$"Invalid setting: {badAddress.Message} Give addresses such as http://localhost:5080 in --urls or ASPNETCORE_URLS."], MisconfiguredExitCode),
        InvalidOperationException kestrel when kestrel.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true =>
            ([$"Invalid setting: {kestrel.Message}"], MisconfiguredExitCode),
        IOException { InnerException: AddressInUseException } busy =>
            ([$"Cannot start: {busy.Message} Another program listens there: stop it, or choose another address with --urls " +
              "(or ASPNETCORE_URLS), such as http://localhost:5081."], MisconfiguredExitCode),
        // Migrating at start needs the database: down or unreachable is worth another try, anything else is a setting.
        _ when DatabaseFailure.IsUnavailable(exception) =>
            ([$"Cannot start: the database in ConnectionStrings:Default cannot be reached: {Innermost<DbException>(exception)?.Message ?? exception.Message}"], TryAgainLaterExitCode),
        DbException database =>
            ([$"Cannot start: the database in ConnectionStrings:Default could not be opened: {database.Message}"], MisconfiguredExitCode),
        _ => null,
    };

    private static T? Innermost<T>(Exception exception)
        where T : Exception
    {
        T? found = null;
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            found = current as T ?? found;
        }

        return found;
    }

    [GeneratedRegex("at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex UnconvertibleValue();
}
