using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
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
    private static readonly string[] RequiredColumns = ["timestamp", "kind", "service"];

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
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(stream);
        lastLine = 1;
        foreach (var column in RequiredColumns)
        {
            if (!reader.Header.TryIndexOf(column, out _))
            {
                throw new InputFileException(path,
                    $"the header has no '{column}' column (expected the MELT schema: record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message; " +
                    $"found {UntrustedText.Cut(string.Join(",", reader.Header.ColNames))})");
            }
        }

        var columns = new Columns(reader.Header);
        var width = reader.Header.ColNames.Count;
        long read = 0;
        foreach (var row in reader)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = row.LineNumberFrom;
            lastLine = row.LineNumberToExcl - 1;
            if (row.ColCount != width)
            {
                rejects.Add(path, line, "row", $"has {row.ColCount} fields where the header has {width}");
            }
            else if (TryParse(row, columns, strings, out var record, out var field, out var reason))
            {
                records.Add(record);
                read++;
            }
            else
            {
                rejects.Add(path, line, field, reason);
            }
        }

        return read;
    }

    private static bool TryParse(SepReader.Row row, Columns columns, StringPool strings, out TelemetryRecord record, out string field, out string reason)
    {
        record = null!;
        field = "";
        reason = "";
        var timestampText = row[columns.Timestamp].Span;
        if (!DateTime.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            (field, reason) = ("timestamp", $"'{UntrustedText.Cut(timestampText)}' is not an ISO 8601 time");
            return false;
        }

        if (!TryKind(row[columns.Kind].Span, out var kind))
        {
            (field, reason) = ("kind", $"'{UntrustedText.Cut(row[columns.Kind].Span)}' is not metric, event, log or span");
            return false;
        }

        var service = row[columns.Service].Span.Trim();
        if (service.IsEmpty)
        {
            (field, reason) = ("service", "is empty");
            return false;
        }

        var value = 0.0;
        var valueText = columns.Value >= 0 ? row[columns.Value].Span : [];
        if (kind is TelemetryKind.Metric or TelemetryKind.Span
            && (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
        {
            (field, reason) = ("value", $"'{UntrustedText.Cut(valueText)}' is not a number (a {(kind == TelemetryKind.Metric ? "metric's reading" : "span's duration in ms")})");
            return false;
        }

        LogLevel? level = null;
        if (kind == TelemetryKind.Log)
        {
            level = columns.Level >= 0 ? SeverityText.LevelOf(row[columns.Level].Span) : LogLevel.Info;
        }

        SpanStatus? status = null;
        if (kind == TelemetryKind.Span)
        {
            // Spans without a recorded status (many tracers leave it unset) count as OK.
            status = columns.Status >= 0 && row[columns.Status].Span.Trim().Equals("ERROR", StringComparison.OrdinalIgnoreCase) ? SpanStatus.Error : SpanStatus.Ok;
        }

        var serviceName = strings.Get(service);
        var instance = columns.Instance >= 0 && !row[columns.Instance].Span.Trim().IsEmpty ? strings.Get(row[columns.Instance].Span.Trim()) : serviceName;
        var name = columns.Name >= 0 ? strings.Get(row[columns.Name].Span.Trim()) : "";
        var recordId = columns.RecordId >= 0 && long.TryParse(row[columns.RecordId].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
        record = new TelemetryRecord(
            recordId, timestamp, kind, serviceName, instance, name, value, level, status,
            Optional(row, columns.TraceId), Optional(row, columns.SpanId), Optional(row, columns.ParentSpanId), Optional(row, columns.Message));
        return true;
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

    /// <summary>The indexes of the schema's columns in this file's header; -1 for an optional column it lacks.</summary>
    private sealed class Columns(SepReaderHeader header)
    {
        public int RecordId { get; } = IndexOf(header, "record_id");
        public int Timestamp { get; } = IndexOf(header, "timestamp");
        public int Kind { get; } = IndexOf(header, "kind");
        public int Service { get; } = IndexOf(header, "service");
        public int Instance { get; } = IndexOf(header, "instance");
        public int Name { get; } = IndexOf(header, "name");
        public int Value { get; } = IndexOf(header, "value");
        public int Level { get; } = IndexOf(header, "level");
        public int Status { get; } = IndexOf(header, "status");
        public int TraceId { get; } = IndexOf(header, "trace_id");
        public int SpanId { get; } = IndexOf(header, "span_id");
        public int ParentSpanId { get; } = IndexOf(header, "parent_span_id");
        public int Message { get; } = IndexOf(header, "message");

        private static int IndexOf(SepReaderHeader header, string name) => header.TryIndexOf(name, out var index) ? index : -1;
    }
}
