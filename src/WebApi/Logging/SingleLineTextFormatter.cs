using System.Text;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace GoogleLogin.WebApi.Logging;

/// <summary>
/// Writes each event on exactly one line: a line break inside any rendered value (a request path, a
/// library's message, an exception's message or stack trace) is written as <c>\r</c>, <c>\n</c> or
/// <c>\uXXXX</c>, so text from a request or a token can never start a line that reads as another event.
/// </summary>
internal sealed class SingleLineTextFormatter(string outputTemplate) : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _template = new(outputTemplate);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var rendered = new StringWriter();
        _template.Format(logEvent, rendered);
        var text = rendered.GetStringBuilder();
        while (text.Length > 0 && text[^1] is '\r' or '\n')
        {
            text.Length--;
        }

        output.WriteLine(Escape(text));
    }

    private static StringBuilder Escape(StringBuilder text) => text
        .Replace("\r", "\\r")
        .Replace("\n", "\\n")
        .Replace("\u0085", "\\u0085")
        .Replace("\u2028", "\\u2028")
        .Replace("\u2029", "\\u2029");
}
