using System.Globalization;
using System.Text;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Text into HTML. Every name, explanation and piece of evidence in a report comes from telemetry or an LLM, so none is
/// written unescaped; control characters are replaced so a hostile file cannot smuggle markup or garble the page.
/// </summary>
internal static class Html
{
    /// <summary>Longest text shown from one field: an explanation is a paragraph, never a page.</summary>
    public const int MaxText = 4000;

    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var shown = text.Length > MaxText ? text.AsSpan(0, MaxText) : text.AsSpan();
        var builder = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                '\n' or '\t' => builder.Append(c),
                _ when char.IsControl(c) || c == '\uFFFD' => builder.Append('?'),
                _ => builder.Append(c),
            };
        }

        if (text.Length > MaxText)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>A value for an <c>id</c> or fragment link: letters, digits and dashes only.</summary>
    public static string Id(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return builder.ToString();
    }

    /// <summary>An instance's name as HTML, as <see cref="InstanceNames.Shown"/> shows it, the whole name on hover where it is cut.</summary>
    public static string Instance(string instance, string service)
    {
        var shown = InstanceNames.Shown(instance, service);
        return shown.Length < instance.Length ? $"<span title=\"{Text(instance)}\">{Text(shown)}</span>" : Text(shown);
    }

    public static string Number(double value, string format = "0.###") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Clock(DateTime value) => value.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
