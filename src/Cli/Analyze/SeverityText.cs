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
    public static LogLevel LevelOf(ReadOnlySpan<char> text) => InColumn(text) ?? LogLevel.Info;

    /// <summary>
    /// The level a level field or column names: a severity word, or the one letter glog, klog and Android write
    /// (<c>I</c>, <c>W</c>, <c>E</c>, <c>F</c>; Android's <c>A</c>, <c>D</c>, <c>V</c>); null for anything else.
    /// </summary>
    public static LogLevel? InColumn(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return Named(text) ?? (text.Length == 1 ? Letter(char.ToUpperInvariant(text[0])) : null);
    }

    private static LogLevel? Letter(char letter) => letter switch
    {
        'E' or 'F' or 'A' => LogLevel.Error,
        'W' => LogLevel.Warn,
        'I' => LogLevel.Info,
        'D' or 'V' => LogLevel.Debug,
        _ => null,
    };

    /// <summary>The level a severity word names (a numbered form read as its word); null for any other word.</summary>
    private static LogLevel? Named(ReadOnlySpan<char> word)
    {
        word = word.TrimEnd("0123456789");
        return Is(word, ErrorWords) ? LogLevel.Error
            : Is(word, WarnWords) ? LogLevel.Warn
            : Is(word, DebugWords) ? LogLevel.Debug
            : Is(word, InfoWords) ? LogLevel.Info
            : null;
    }

    private static readonly string[] InfoWords = ["INFO", "INFORMATION", "NOTICE"];

    /// <summary>
    /// A level field's number as Node.js's pino and bunyan write it (<c>"level":50</c>): 10 trace, 20 debug, 30 info,
    /// 40 warn, 50 error, 60 fatal; null for any other number.
    /// </summary>
    private static LogLevel? Numbered(ReadOnlySpan<char> field) =>
        int.TryParse(field, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 10 and <= 60 && number % 10 == 0
            ? number switch
            {
                >= 50 => LogLevel.Error,
                40 => LogLevel.Warn,
                30 => LogLevel.Info,
                _ => LogLevel.Debug,
            }
            : null;
    private static readonly string[] LevelKeys = ["level", "severity", "lvl", "loglevel", "log.level"];

    /// <summary>How far into a line its level is looked for as a word: log patterns print it after the time and thread.</summary>
    private const int LevelWordWithin = 120;

    /// <summary>
    /// The level a log line's text states where the record has none (a Collector's file log receiver without a severity
    /// parser, a log group exported as text): a level field (<c>"level":"error"</c>, <c>severity=warn</c>, any case),
    /// else the first severity word written in capitals among the line's first characters (<c>16:42:09.486 ERROR
    /// c.TravelController</c>, <c>[WARN]</c>); null when it states none. Words in prose ("an error occurred") are not
    /// read: only a field or a capitalised word says the level.
    /// </summary>
    public static LogLevel? InMessage(ReadOnlySpan<char> message)
    {
        foreach (var key in LevelKeys)
        {
            var field = FieldValue(message, key);
            if ((Named(field) ?? Numbered(field)) is { } level)
            {
                return level;
            }
        }

        var head = message[..Math.Min(message.Length, LevelWordWithin)];
        for (var i = 0; i < head.Length;)
        {
            if (!char.IsAsciiLetter(head[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < head.Length && char.IsAsciiLetter(head[end]))
            {
                end++;
            }

            if (IsCapitals(head[i..end]) && Named(head[i..end]) is { } level)
            {
                return level;
            }

            i = end;
        }

        return null;
    }

    /// <summary>The value after <c>"key":</c> or <c>key=</c> (quotes and spaces skipped), the key matched in any case as a whole word.</summary>
    private static ReadOnlySpan<char> FieldValue(ReadOnlySpan<char> text, string key)
    {
        for (var from = 0; from < text.Length;)
        {
            var at = text[from..].IndexOf(key, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return [];
            }

            at += from;
            from = at + key.Length;
            if (at > 0 && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '.'))
            {
                continue;
            }

            var rest = text[from..].TrimStart("\" ");
            if (rest.IsEmpty || rest[0] is not (':' or '='))
            {
                continue;
            }

            rest = rest[1..].TrimStart("\" ");
            var length = 0;
            while (length < rest.Length && char.IsAsciiLetterOrDigit(rest[length]))
            {
                length++;
            }

            return rest[..length];
        }

        return [];
    }

    private static bool IsCapitals(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Is(ReadOnlySpan<char> text, string[] words) => KnownWords.Contains(words, text);
}
