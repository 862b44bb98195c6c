using System.Text.RegularExpressions;
using GoogleLogin.Infrastructure.Identity.Development;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace GoogleLogin.WebApi.Logging;

/// <summary>
/// Keeps the query strings of the redirect sign-in's <c>/start</c> and <c>/callback</c> out of every log event, whatever
/// the configured levels: they carry the provider's <c>code</c> and the <c>state</c>, and a provider may send more back.
/// ASP.NET Core's own events (<c>Request starting ... ?code=...&amp;state=...</c> at Information, routing at Debug) log
/// them, and the provider's URL <c>/start</c> redirects to; this replaces such queries with <c>?[redacted]</c> in every
/// property, and drops an event whose message text itself holds one. Installed in code after the configuration is read, so no configuration turns it off.
/// </summary>
internal sealed partial class RedirectQueryRedaction : ILogEventEnricher
{
    public const string Redacted = "?[redacted]";

    /// <summary>Installs the redaction on a logger whose configuration, enrichers included, is otherwise complete.</summary>
    public static LoggerConfiguration Install(LoggerConfiguration logger) =>
        logger.Enrich.With<RedirectQueryRedaction>().Filter.ByExcluding(logEvent => RedirectUrlWithQuery().IsMatch(logEvent.MessageTemplate.Text));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        // An event of such a request (its RequestPath scope, or the Path of ASP.NET Core's request events, which hold
        // the query apart) loses every query it holds: the request's, and the provider's URL it redirects to
        // ("Executing RedirectResult, redirecting to https://provider/authorize?state=...&nonce=...").
        var query = logEvent.Properties.Values.Any(value => value is ScalarValue { Value: string text } && RedirectPath().IsMatch(text))
            ? AnyQuery()
            : RedirectUrlWithQuery();
        List<LogEventProperty>? redacted = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var replacement = Redact(value, query);
            if (!ReferenceEquals(replacement, value))
            {
                (redacted ??= []).Add(new LogEventProperty(name, replacement));
            }
        }

        foreach (var property in redacted ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The value with every query <paramref name="query"/> finds replaced, or the same instance when there is none.</summary>
    private static LogEventPropertyValue Redact(LogEventPropertyValue value, Regex query)
    {
        switch (value)
        {
            case ScalarValue { Value: string or Uri } scalar:
                var text = scalar.Value!.ToString()!;
                var replaced = query.Replace(text, match => match.Groups["path"].Value + Redacted);
                return replaced == text ? value : new ScalarValue(replaced);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(element => Redact(element, query)).ToList();
                return elements.SequenceEqual(sequence.Elements) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var properties = structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value, query))).ToList();
                return properties.Select(p => p.Value).SequenceEqual(structure.Properties.Select(p => p.Value))
                    ? value
                    : new StructureValue(properties, structure.TypeTag);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(e => KeyValuePair.Create(e.Key, Redact(e.Value, query))).ToList();
                return entries.Select(e => e.Value).SequenceEqual(dictionary.Elements.Select(e => e.Value)) ? value : new DictionaryValue(entries);
            default:
                return value;
        }
    }

    /// <summary>
    /// <c>/api/auth/{provider}/start</c> or <c>/callback</c>, or the development provider's authorization page (its query
    /// is the start's authorization request), as a request's whole path.
    /// </summary>
    [GeneratedRegex(@"^(/[^?#\s]*)?(/api/auth/[^/?#\s]+/(start|callback)|" + DevelopmentSignIn.AuthorizationPath + @")/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RedirectPath();

    /// <summary>Such a path followed by a query, anywhere in a text (a whole URL, or a path and query).</summary>
    [GeneratedRegex(@"(?<path>(/api/auth/[^/?#\s]+/(start|callback)|" + DevelopmentSignIn.AuthorizationPath + @")/?)\?[^\s""'<>]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RedirectUrlWithQuery();

    /// <summary>Any query with a parameter, such as <c>?code=...</c> or a URL's <c>?state=...&amp;nonce=...</c>.</summary>
    [GeneratedRegex(@"(?<path>)\?[^\s""'<>?]*=[^\s""'<>]*", RegexOptions.CultureInvariant)]
    private static partial Regex AnyQuery();
}
