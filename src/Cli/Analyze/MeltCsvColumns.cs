using AnomalyPlatform.ServiceDefaults.Text;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Where the MELT schema's columns are in one file's header: found by name in any letter case (as <c>detect</c> finds
/// its columns), -1 for an optional column the file lacks. A required column missing, or a schema column named twice
/// (which of the two holds the data is anyone's guess), makes the file unreadable.
/// </summary>
internal sealed class MeltCsvColumns
{
    public const string Schema = "record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message";

    private static readonly string[] RequiredColumns = ["timestamp", "kind", "service"];

    private readonly Dictionary<string, int> _indexes = new(StringComparer.OrdinalIgnoreCase);

    public MeltCsvColumns(string path, SepReader.Row header)
    {
        Width = header.ColCount;
        var schema = Schema.Split(',');
        var ignored = new List<string>();
        for (var i = 0; i < header.ColCount; i++)
        {
            var name = header[i].Span.Trim().ToString();
            if (!schema.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                ignored.Add(UntrustedText.Cut(name));
                continue;
            }

            if (_indexes.TryGetValue(name, out var first))
            {
                throw new InputFileException(path,
                    $"the header names the column '{UntrustedText.Cut(name)}' twice (columns {first + 1} and {i + 1}): rename or remove one, it is not clear which holds the data");
            }

            _indexes[name] = i;
        }

        Ignored = ignored;
        foreach (var column in RequiredColumns)
        {
            if (!_indexes.ContainsKey(column))
            {
                if (header.ColCount == 1 && SeparatorOf(header.Span) is { } separator)
                {
                    throw new InputFileException(path,
                        $"the header is one column holding {separator}s: the file seems separated by {separator}s, where the MELT schema separates by commas ({Schema})");
                }

                // A timestamp,value file is one series, what detect reads; analyze wants telemetry of services.
                var series = _indexes.ContainsKey("timestamp") && _indexes.ContainsKey("value") && _indexes.Count == 2
                    ? " A single timestamp,value series is scored with detect."
                    : "";
                throw new InputFileException(path,
                    $"the header has no '{column}' column (expected the MELT schema: {Schema}; found {UntrustedText.Cut(header.Span)}).{series}");
            }
        }

        RecordId = IndexOf("record_id");
        Timestamp = IndexOf("timestamp");
        Kind = IndexOf("kind");
        Service = IndexOf("service");
        Instance = IndexOf("instance");
        Name = IndexOf("name");
        Value = IndexOf("value");
        Level = IndexOf("level");
        Status = IndexOf("status");
        TraceId = IndexOf("trace_id");
        SpanId = IndexOf("span_id");
        ParentSpanId = IndexOf("parent_span_id");
        Message = IndexOf("message");
    }

    /// <summary>The header's columns that are not in the schema, which are not read.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>How many fields the header has; a row with another count is not a record.</summary>
    public int Width { get; }

    public int RecordId { get; }
    public int Timestamp { get; }
    public int Kind { get; }
    public int Service { get; }
    public int Instance { get; }
    public int Name { get; }
    public int Value { get; }
    public int Level { get; }
    public int Status { get; }
    public int TraceId { get; }
    public int SpanId { get; }
    public int ParentSpanId { get; }
    public int Message { get; }

    private int IndexOf(string name) => _indexes.TryGetValue(name, out var index) ? index : -1;

    private static string? SeparatorOf(ReadOnlySpan<char> header) =>
        header.Contains(';') ? "semicolon" : header.Contains('\t') ? "tab" : header.Contains('|') ? "bar" : null;
}
