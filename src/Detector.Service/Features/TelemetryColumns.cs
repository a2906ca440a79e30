using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// The run's telemetry reduced to what the models need, as columns: record id, time, kind, interned service /
/// instance / name, value, level, status, and interned trace and span ids for the trace linkage. Message texts are
/// kept for ERROR lines only (a few in a hundred records), which may name the dependency that failed. Filled batch by
/// batch as batches arrive; <see cref="Seal"/> orders the rows by record id.
/// </summary>
internal sealed class TelemetryColumns
{
    public const byte None = byte.MaxValue;

    private readonly Column<long> _recordIds = new();
    private readonly Column<long> _ticks = new();
    private readonly Column<byte> _kinds = new();
    private readonly Column<int> _services = new();
    private readonly Column<int> _instances = new();
    private readonly Column<int> _names = new();
    private readonly Column<double> _values = new();
    private readonly Column<byte> _levels = new();
    private readonly Column<byte> _statuses = new();
    private readonly Column<int> _traces = new();
    private readonly Column<int> _spans = new();
    private readonly Column<int> _parents = new();
    private readonly Dictionary<long, string> _errorMessages = [];
    private bool _inRecordOrder = true;

    public StringTable Services { get; } = new();

    public StringTable Instances { get; } = new();

    /// <summary>Metric names, operations, log template ids and event types share one table.</summary>
    public StringTable Names { get; } = new();

    public StringTable TraceIds { get; } = new();

    /// <summary>Span ids and parent span ids share one table, so that a parent reference and a span id compare as ints.</summary>
    public StringTable SpanIds { get; } = new();

    public int Count => _recordIds.Count;

    public ReadOnlySpan<long> RecordIds => _recordIds.Span;

    public ReadOnlySpan<long> Ticks => _ticks.Span;

    public ReadOnlySpan<byte> Kinds => _kinds.Span;

    public ReadOnlySpan<int> ServiceIds => _services.Span;

    public ReadOnlySpan<int> InstanceIds => _instances.Span;

    public ReadOnlySpan<int> NameIds => _names.Span;

    public ReadOnlySpan<double> Values => _values.Span;

    /// <summary><see cref="LogLevel"/> as a byte, or <see cref="None"/>.</summary>
    public ReadOnlySpan<byte> Levels => _levels.Span;

    /// <summary><see cref="SpanStatus"/> as a byte, or <see cref="None"/>.</summary>
    public ReadOnlySpan<byte> Statuses => _statuses.Span;

    public ReadOnlySpan<int> TraceIdIds => _traces.Span;

    public ReadOnlySpan<int> SpanIdIds => _spans.Span;

    public ReadOnlySpan<int> ParentSpanIdIds => _parents.Span;

    public TelemetryKind KindAt(int row) => (TelemetryKind)_kinds[row];

    public DateTime TimestampAt(int row) => new(_ticks[row], DateTimeKind.Utc);

    public string ServiceAt(int row) => Services[_services[row]];

    public string InstanceAt(int row) => Instances[_instances[row]];

    public string NameAt(int row) => Names[_names[row]];

    /// <summary>The message of the ERROR log line at <paramref name="row"/>; null for any other record or an empty message.</summary>
    public string? ErrorMessageAt(int row) => _errorMessages.GetValueOrDefault(_recordIds[row]);

    /// <summary>Appends a batch; on failure the columns are left as they were before the call.</summary>
    public void Append(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var before = Count;
        var wasInOrder = _inRecordOrder;
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                Add(records[i]);
            }
        }
        catch
        {
            Truncate(before);
            _inRecordOrder = wasInOrder;
            throw;
        }
    }

    /// <summary>
    /// Orders rows by record id and renumbers the interned strings in that order (batches may arrive out of order), so
    /// that every later pass, including those that iterate services or series by id, is deterministic.
    /// </summary>
    public void Seal()
    {
        if (_inRecordOrder)
        {
            return;
        }

        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = RecordIds.ToArray();
        Array.Sort(keys, order);
        _recordIds.Permute(order);
        _ticks.Permute(order);
        _kinds.Permute(order);
        _services.Permute(order);
        _instances.Permute(order);
        _names.Permute(order);
        _values.Permute(order);
        _levels.Permute(order);
        _statuses.Permute(order);
        _traces.Permute(order);
        _spans.Permute(order);
        _parents.Permute(order);
        Services.RenumberByFirstUse(_services);
        Instances.RenumberByFirstUse(_instances);
        Names.RenumberByFirstUse(_names);
        TraceIds.RenumberByFirstUse(_traces);
        SpanIds.RenumberByFirstUse(_spans, _parents);
        _inRecordOrder = true;
    }

    private void Add(TelemetryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Count > 0 && record.RecordId <= _recordIds[Count - 1])
        {
            _inRecordOrder = false;
        }

        _recordIds.Add(record.RecordId);
        // Timestamps are UTC by contract; the ticks are taken as they are so that no machine time zone leaks in.
        _ticks.Add(record.Timestamp.Ticks);
        _kinds.Add((byte)record.Kind);
        _services.Add(Services.Intern(record.Service ?? string.Empty));
        _instances.Add(Instances.Intern(record.Instance ?? string.Empty));
        _names.Add(Names.Intern(record.Name ?? string.Empty));
        _values.Add(record.Value);
        _levels.Add(record.Level is { } level ? (byte)level : None);
        _statuses.Add(record.Status is { } status ? (byte)status : None);
        var isSpan = record.Kind == TelemetryKind.Span;
        // Spans need their ids for the parent links, log lines theirs for the span they were written in; nothing else's
        // are interned.
        var traced = isSpan || record.Kind == TelemetryKind.Log;
        _traces.Add(traced ? TraceIds.InternNullable(record.TraceId) : StringTable.Missing);
        _spans.Add(traced ? SpanIds.InternNullable(record.SpanId) : StringTable.Missing);
        _parents.Add(isSpan ? SpanIds.InternNullable(record.ParentSpanId) : StringTable.Missing);
        if (record.Kind == TelemetryKind.Log && record.Level == LogLevel.Error && !string.IsNullOrEmpty(record.Message))
        {
            _errorMessages[record.RecordId] = record.Message;
        }
    }

    private void Truncate(int count)
    {
        for (var row = count; row < Count; row++)
        {
            _errorMessages.Remove(_recordIds[row]);
        }

        _recordIds.Truncate(count);
        _ticks.Truncate(count);
        _kinds.Truncate(count);
        _services.Truncate(count);
        _instances.Truncate(count);
        _names.Truncate(count);
        _values.Truncate(count);
        _levels.Truncate(count);
        _statuses.Truncate(count);
        _traces.Truncate(count);
        _spans.Truncate(count);
        _parents.Truncate(count);
    }
}
