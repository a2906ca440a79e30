using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>A log level written as a word (a CSV level column, an OTLP <c>severityText</c>), read the same way for every input.</summary>
internal static class SeverityText
{
    private static readonly string[] ErrorWords = ["ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC", "SEVERE", "DPANIC"];
    private static readonly string[] WarnWords = ["WARN", "WARNING"];
    private static readonly string[] DebugWords = ["DEBUG", "TRACE", "FINE", "FINER", "FINEST"];

    /// <summary>
    /// The usual severity words (OTLP's short names, syslog's, zap's, java.util.logging's), OTLP's numbered forms
    /// (<c>ERROR2</c>, <c>WARN3</c>) read as their word; anything unknown (or empty) is INFO, so that free-text logs still count.
    /// </summary>
    public static LogLevel LevelOf(ReadOnlySpan<char> text)
    {
        text = text.Trim().TrimEnd("0123456789");
        return Is(text, ErrorWords) ? LogLevel.Error
            : Is(text, WarnWords) ? LogLevel.Warn
            : Is(text, DebugWords) ? LogLevel.Debug
            : LogLevel.Info;
    }

    private static bool Is(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
