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

    // Instance names up to this long are shown whole (cart-1, an ECS task's short id); longer ones that begin with their
    // service's name (a Kubernetes pod's) lose that part, which the column or row beside them already says.
    private const int LongInstance = 20;

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

    /// <summary>
    /// An instance's name as HTML, cut to what tells it from its service's other instances: a pod or task named after its
    /// service (<c>ts-contacts-service-866bd68c97-dzqgd</c>) shows its suffix, the whole name on hover.
    /// </summary>
    public static string Instance(string instance, string service)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(service);
        return instance.Length > Math.Max(LongInstance, service.Length + 1) && instance.StartsWith(service, StringComparison.Ordinal) && instance[service.Length] == '-'
            ? $"<span title=\"{Text(instance)}\">…{Text(instance[(service.Length + 1)..])}</span>"
            : Text(instance);
    }

    public static string Number(double value, string format = "0.###") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Clock(DateTime value) => value.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
