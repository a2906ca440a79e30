using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Writes records to <c>synthetic_data.csv</c>, batch after batch (<see cref="Utf8CsvWriter"/>).
/// </summary>
/// <remarks>
/// Schema (UTF-8, header row, comma-separated, LF line ends, RFC 4180 quoting: a field holding a comma, quote or line
/// break is quoted and its quotes doubled; an empty field is a null):
/// <list type="table">
/// <item><term>record_id</term><description>dense 0-based id, in timestamp order</description></item>
/// <item><term>timestamp</term><description>UTC, <c>2026-01-05T00:00:00.000Z</c> (span: its start)</description></item>
/// <item><term>kind</term><description><c>metric</c> | <c>event</c> | <c>log</c> | <c>span</c></description></item>
/// <item><term>service, instance</term><description>e.g. <c>cart</c>, <c>cart-2</c></description></item>
/// <item><term>name</term><description>metric name | event type | log template id | span operation</description></item>
/// <item><term>value</term><description>metric reading | span duration in ms | 0 for logs and events;
/// invariant culture, plain decimal notation without trailing zeros (<c>12.345</c>, <c>0.00004</c>, <c>0</c>); generated
/// values are rounded to 3 decimals (error_rate 5, span durations whole microseconds)</description></item>
/// <item><term>level</term><description><c>DEBUG</c> | <c>INFO</c> | <c>WARN</c> | <c>ERROR</c>; logs only</description></item>
/// <item><term>status</term><description><c>OK</c> | <c>ERROR</c>; spans only</description></item>
/// <item><term>trace_id</term><description>32 hex digits; spans and request logs</description></item>
/// <item><term>span_id, parent_span_id</term><description>16 hex digits; spans only, parent empty for a root span</description></item>
/// <item><term>message</term><description>rendered log line or event detail</description></item>
/// </list>
/// No ground truth is in this file; it lives in <c>synthetic_labels.csv</c> (<see cref="LabelsCsvWriter"/>).
/// </remarks>
public sealed class SyntheticDataCsvWriter : IDisposable
{
    /// <summary>The header, in column order.</summary>
    public static readonly string[] Columns =
        ["record_id", "timestamp", "kind", "service", "instance", "name", "value", "level", "status", "trace_id", "span_id", "parent_span_id", "message"];

    private static readonly string[] KindNames = ["metric", "event", "log", "span"];
    private static readonly string[] LevelNames = ["DEBUG", "INFO", "WARN", "ERROR"];
    private static readonly string[] StatusNames = ["OK", "ERROR"];

    // Plain decimal notation (never 1E-05), invariant culture; generated values carry at most 5 decimals.
    private const string ValueFormat = "0.######";

    private readonly Utf8CsvWriter _writer;

    /// <summary>Writes the header to <paramref name="stream"/> at once; rows follow with each <see cref="Write"/>.</summary>
    public SyntheticDataCsvWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new Utf8CsvWriter(stream, leaveOpen);
        _writer.Row(Columns);
    }

    public void Write(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Span<char> timestamp = stackalloc char[CsvTimestamp.Length];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            _writer.Integer(record.RecordId);
            CsvTimestamp.Format(record.Timestamp, timestamp);
            _writer.Text(timestamp);
            _writer.Text(KindNames[(int)record.Kind]);
            _writer.Text(record.Service);
            _writer.Text(record.Instance);
            _writer.Text(record.Name);
            _writer.Number(record.Value, ValueFormat);
            _writer.Text(record.Level is { } level ? LevelNames[(int)level] : null);
            _writer.Text(record.Status is { } status ? StatusNames[(int)status] : null);
            _writer.Text(record.TraceId);
            _writer.Text(record.SpanId);
            _writer.Text(record.ParentSpanId);
            _writer.Text(record.Message);
            _writer.EndRow();
        }
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
