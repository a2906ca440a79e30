using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.TimeSeries;
using nietras.SeparatedValues;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads telemetry in the project's MELT CSV schema (the columns of <c>synthetic_data.csv</c>) from a text stream
/// (<see cref="InputFiles"/> has undone any gzip). Columns are found by name, in any order; <c>timestamp</c>, <c>kind</c>
/// and <c>service</c> are required, the rest optional. A row that cannot be a record is rejected with its file, line,
/// field and reason (<see cref="InputRejects"/>); a file that cannot be read as CSV of this schema at all is an
/// <see cref="InputFileException"/>.
/// </summary>
internal static class MeltCsvReader
{
    private static readonly (string Name, TelemetryKind Kind)[] Kinds =
        [("metric", TelemetryKind.Metric), ("event", TelemetryKind.Event), ("log", TelemetryKind.Log), ("span", TelemetryKind.Span)];

    /// <summary>Appends the records of <paramref name="path"/> to <paramref name="records"/>; returns how many it read.</summary>
    public static long Read(string path, Stream stream, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, CancellationToken cancellationToken)
    {
        long lastLine = 0;
        try
        {
            return Read(path, stream, records, strings, rejects, ref lastLine, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A gzip file that breaks off (corrupt, truncated) or a failing disk: say how far the file was read.
            throw InputFileException.StoppedAt(path, lastLine, ex);
        }
    }

    private static long Read(
        string path, Stream stream, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, ref long lastLine, CancellationToken cancellationToken)
    {
        // The header is read as a row, not by Sep: Sep throws an ArgumentException for a column named twice and matches
        // names in one letter case only.
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(stream);
        MeltCsvColumns? columns = null;
        long read = 0;
        foreach (var row in reader)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // An empty line (one at the end of the file, most often) holds no record to lose.
            if (row.ColCount == 1 && row.Span.IsWhiteSpace())
            {
                continue;
            }

            if (columns is null)
            {
                columns = new MeltCsvColumns(path, row);
                rejects.AddIgnoredColumns(path, columns.Ignored);
                lastLine = row.LineNumberToExcl - 1;
                continue;
            }

            // Sep numbers lines from 1 and counts a quoted line break as a line, as an editor does.
            var line = row.LineNumberFrom;
            lastLine = row.LineNumberToExcl - 1;
            if (row.ColCount != columns.Width)
            {
                var lines = LinesOf(row);
                if (lines > 1)
                {
                    rejects.Add(path, line, "row", QuotedRun(row, lines, columns.Width), lines);
                }
                else
                {
                    rejects.Add(path, line, "row", $"has {row.ColCount} fields where the header has {columns.Width}");
                }
            }
            else
            {
                var readAs = Parse(row, columns, strings, out var record, out var field, out var reason);
                switch (readAs)
                {
                    case RowRead.Record or RowRead.RecordLevelFromText or RowRead.RecordStatusUnknown or RowRead.RecordLevelUnknown:
                        records.Add(record);
                        read++;
                        rejects.AddLevelsFromText(readAs == RowRead.RecordLevelFromText ? 1 : 0);
                        (readAs switch
                        {
                            RowRead.RecordStatusUnknown => rejects.UnknownStatuses,
                            RowRead.RecordLevelUnknown => rejects.UnknownLevels,
                            _ => null,
                        })?.Add(path, line, reason);
                        break;
                    case RowRead.Valueless:
                        rejects.Valueless.Add(path, line, field, record.Name);
                        break;
                    default:
                        rejects.Add(path, line, field, reason);
                        break;
                }
            }
        }

        if (columns is null)
        {
            throw new InputFileException(path, $"it is empty (expected a header with the MELT schema: {MeltCsvColumns.Schema})");
        }

        return read;
    }

    /// <summary>The lines a row spans: more than one only where a quoted field holds line breaks.</summary>
    private static long LinesOf(SepReader.Row row)
    {
        var lines = row.LineNumberToExcl - row.LineNumberFrom;
        // A quote left open to the end of the file takes in the file's last line break too.
        return row.Span.EndsWith('\n') || row.Span.EndsWith('\r') ? lines - 1 : lines;
    }

    /// <summary>
    /// What happened when a quote did not close on its own line: the rows that follow were read as part of this one,
    /// so each of those lines (a record each, in this schema) is lost with it; the message says how many.
    /// </summary>
    private static string QuotedRun(SepReader.Row row, long lines, int width)
    {
        var fields = $"{row.ColCount} fields where the header has {width}";
        return row.Span.Count('"') % 2 == 1
            ? $"an unclosed quote at line {row.LineNumberFrom} ran to the end of the file: {lines:N0} lines read as one row ({fields}), all left out"
            : $"a quote opened at line {row.LineNumberFrom} closed only at line {row.LineNumberFrom + lines - 1}: {lines:N0} lines read as one row ({fields}), all left out";
    }

    /// <summary>What a row became: a record, a metric reading without a value (a gap; <c>record</c> names its metric), or a rejection with its field and reason.</summary>
    private enum RowRead
    {
        Record,

        /// <summary>A log line read at the level its text states, having none of its own.</summary>
        RecordLevelFromText,

        /// <summary>A span whose status was not understood, read as OK; <c>reason</c> holds the status as written.</summary>
        RecordStatusUnknown,

        /// <summary>A log line whose level was not understood, read as its text states or INFO; <c>reason</c> holds the level as written.</summary>
        RecordLevelUnknown,
        Valueless,
        Rejected,
    }

    private static RowRead Parse(SepReader.Row row, MeltCsvColumns columns, StringPool strings, out TelemetryRecord record, out string field, out string reason)
    {
        record = null!;
        field = "";
        reason = "";
        var timestampText = row[columns.Timestamp].Span;
        if (IsDayMonthAmbiguous(timestampText))
        {
            (field, reason) = ("timestamp", $"'{UntrustedText.Cut(timestampText)}' does not say whether it is day or month first: write ISO 8601 (2026-01-05T00:01:08Z) or Unix time");
            return RowRead.Rejected;
        }

        if (!UtcTimes.TryParse(timestampText, out var timestamp))
        {
            // Unix time, as scripts that turn another store's export into this schema often leave it.
            if (SeriesTimestamp.TryRead(timestampText, out _) is not { } unixTime)
            {
                (field, reason) = ("timestamp", $"'{UntrustedText.Cut(timestampText)}' is not an ISO 8601 time (or Unix time, such as 1767571200)");
                return RowRead.Rejected;
            }

            timestamp = unixTime;
        }

        if (!TryKind(row[columns.Kind].Span, out var kind))
        {
            (field, reason) = ("kind", $"'{UntrustedText.Cut(row[columns.Kind].Span)}' is not metric, event, log or span");
            return RowRead.Rejected;
        }

        var service = row[columns.Service].Span.Trim();
        if (service.IsEmpty)
        {
            (field, reason) = ("service", "is empty");
            return RowRead.Rejected;
        }

        var value = 0.0;
        var valueText = columns.Value >= 0 ? row[columns.Value].Span : [];
        var what = kind == TelemetryKind.Metric ? "metric's reading" : "span's duration in ms";
        if (kind is TelemetryKind.Metric or TelemetryKind.Span)
        {
            if (columns.Value < 0)
            {
                (field, reason) = ("value", $"the header has no 'value' column, so a {what} cannot be read");
                return RowRead.Rejected;
            }

            // A metric's empty, NaN or null reading is a reading not taken (a percentile of a minute without requests): a gap,
            // told once its metric's name is known to be there.
            if (kind == TelemetryKind.Metric && MissingValueText.IsMissing(valueText))
            {
                value = double.NaN;
            }
            else if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                (field, reason) = ("value", $"'{UntrustedText.Cut(valueText)}' is not a number (a {what})");
                return RowRead.Rejected;
            }

            if (kind == TelemetryKind.Span && value < 0)
            {
                (field, reason) = ("value", $"'{UntrustedText.Cut(valueText)}' is negative (a span's duration in ms; a span cannot end before it starts)");
                return RowRead.Rejected;
            }
        }

        var nameText = columns.Name >= 0 ? row[columns.Name].Span.Trim() : [];
        if (kind == TelemetryKind.Metric && nameText.IsEmpty)
        {
            // Metrics without names would all be one series of the service: cpu, memory and latency read as one.
            (field, reason) = ("name", columns.Name < 0 ? "the header has no 'name' column, so a metric cannot be told from the service's others" : "is empty (a metric's name)");
            return RowRead.Rejected;
        }

        if (double.IsNaN(value))
        {
            record = new TelemetryRecord(-1, timestamp, kind, strings.Get(service), strings.Get(service), strings.Get(nameText), value);
            field = "value";
            return RowRead.Valueless;
        }

        LogLevel? level = null;
        var (levelFromText, levelUnknown) = (false, false);
        if (kind == TelemetryKind.Log)
        {
            // A line without a level of its own is read at the level its text states, if it states one.
            if (columns.Level >= 0 && !row[columns.Level].Span.Trim().IsEmpty)
            {
                level = SeverityText.InColumn(row[columns.Level].Span);
                if (level is null)
                {
                    // Not a level anyone writes: told, and read as the text states, as a line without one is.
                    (levelUnknown, field, reason) = (true, "level", UntrustedText.Cut(row[columns.Level].Span.Trim()));
                    level = (columns.Message >= 0 ? SeverityText.InMessage(row[columns.Message].Span) : null) ?? LogLevel.Info;
                }
            }
            else
            {
                level = columns.Message >= 0 ? SeverityText.InMessage(row[columns.Message].Span) : null;
                levelFromText = level is not null;
                level ??= LogLevel.Info;
            }
        }

        SpanStatus? status = null;
        var statusUnknown = false;
        if (kind == TelemetryKind.Span)
        {
            // Spans without a recorded status (many tracers leave it unset) count as OK; one not understood does too, and is told.
            var statusText = columns.Status >= 0 ? row[columns.Status].Span : [];
            status = SpanStatusText.Of(statusText);
            if (status is null)
            {
                (status, statusUnknown, field, reason) = (SpanStatus.Ok, true, "status", UntrustedText.Cut(statusText.Trim()));
            }
        }

        var serviceName = strings.Get(service);
        var instance = columns.Instance >= 0 && !row[columns.Instance].Span.Trim().IsEmpty ? strings.Get(row[columns.Instance].Span.Trim()) : serviceName;
        var name = strings.Get(nameText);
        var recordId = columns.RecordId >= 0 && long.TryParse(row[columns.RecordId].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
        record = new TelemetryRecord(
            recordId, timestamp, kind, serviceName, instance, name, value, level, status,
            Id(row, columns.TraceId), Id(row, columns.SpanId), Id(row, columns.ParentSpanId), Optional(row, columns.Message));
        return levelFromText ? RowRead.RecordLevelFromText
            : statusUnknown ? RowRead.RecordStatusUnknown
            : levelUnknown ? RowRead.RecordLevelUnknown
            : RowRead.Record;
    }

    /// <summary>
    /// True for a date that begins with a day or month (05/01/2026, 05.01.2026, 05-01-2026): .NET would read it month
    /// first, and a European export would be moved months off without a word. ISO 8601 begins with the year.
    /// </summary>
    private static bool IsDayMonthAmbiguous(ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        return digits is 1 or 2 && digits + 1 < text.Length && text[digits] is '/' or '.' or '-' && char.IsAsciiDigit(text[digits + 1]);
    }

    private static bool TryKind(ReadOnlySpan<char> text, out TelemetryKind kind)
    {
        text = text.Trim();
        foreach (var (name, candidate) in Kinds)
        {
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>An optional column's text; null when the file lacks the column or the cell is empty. Ids and messages
    /// are nearly all distinct, so they are not pooled.</summary>
    private static string? Optional(SepReader.Row row, int column) =>
        column < 0 || row[column].Span.IsEmpty ? null : row[column].Span.ToString();

    private static string? Id(SepReader.Row row, int column) => column < 0 ? null : RequestIdText.Of(row[column].Span);
}
