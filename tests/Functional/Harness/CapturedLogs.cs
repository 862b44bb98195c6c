using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace GoogleLogin.Tests.Functional;

/// <summary>Collects every formatted log message and exception the app writes.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The reason codes logged for rejected ID tokens (verifier and sign-in), oldest first.</summary>
    public IReadOnlyList<string> TokenRejections => TokenRejectionsAfter(0);

    /// <summary>The reason codes logged for rejected ID tokens after the first <paramref name="linesBefore"/> lines.</summary>
    public IReadOnlyList<string> TokenRejectionsAfter(int linesBefore) =>
        [.. _lines.Skip(linesBefore).Select(l => Regex.Match(l, "ID token rejected: \"(\\w+)\"")).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}{Properties(state)} TraceId={Activity.Current?.TraceId}");

        // Every structured property too, since a JSON sink would write them all; and the trace id the
        // console line carries (what Serilog records), so a test can find one request's lines.
        private static string Properties<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> properties
                ? " " + string.Join(' ', properties.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
    }
}

/// <summary>
/// Every Serilog event the app writes, with all its properties, as a structured sink (JSON, Seq) would receive it:
/// what <see cref="CapturedLogs"/> sees is only each event's rendered message.
/// </summary>
public sealed class CapturedLogEvents : Serilog.Core.ILogEventSink
{
    private readonly ConcurrentQueue<Serilog.Events.LogEvent> _events = new();

    /// <summary>Each event as text: its message, every property and its exception.</summary>
    public IEnumerable<string> Texts => _events.Select(e =>
        $"{e.Level} {e.RenderMessage()} {string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}");

    public int Count => _events.Count;

    public void Emit(Serilog.Events.LogEvent logEvent) => _events.Enqueue(logEvent);
}
