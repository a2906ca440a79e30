using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>A log level written as a word (a CSV level column, an OTLP <c>severityText</c>), read the same way for every input.</summary>
internal static class SeverityText
{
    /// <summary>The usual severity words; anything unknown (or empty) is INFO, so that free-text logs still count.</summary>
    public static LogLevel LevelOf(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.Equals("ERROR", StringComparison.OrdinalIgnoreCase) || text.Equals("FATAL", StringComparison.OrdinalIgnoreCase)
            || text.Equals("CRITICAL", StringComparison.OrdinalIgnoreCase))
        {
            return LogLevel.Error;
        }

        if (text.Equals("WARN", StringComparison.OrdinalIgnoreCase) || text.Equals("WARNING", StringComparison.OrdinalIgnoreCase))
        {
            return LogLevel.Warn;
        }

        return text.Equals("DEBUG", StringComparison.OrdinalIgnoreCase) || text.Equals("TRACE", StringComparison.OrdinalIgnoreCase)
            ? LogLevel.Debug
            : LogLevel.Info;
    }
}
