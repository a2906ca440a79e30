using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The input's spans by trace and span id, with when each began and ended as read and whose clock stamped it: one index
/// for the passes that follow a span to its parent (<see cref="ClockOffsets"/>, <see cref="SpanReferences"/>).
/// </summary>
internal sealed class SpanTimes
{
    private readonly Dictionary<(string?, string), (long Start, long End, string Clock)> _spans = [];

    public static SpanTimes Of(List<TelemetryRecord> records)
    {
        var times = new SpanTimes();
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, SpanId: { } span })
            {
                times._spans.TryAdd((record.TraceId, span), (record.Timestamp.Ticks, End(record), ClockOf(record)));
            }
        }

        return times;
    }

    public bool Holds(string? traceId, string spanId) => _spans.ContainsKey((traceId, spanId));

    /// <summary>The span as read, where the input holds it.</summary>
    public bool TryGet(string? traceId, string spanId, out (long Start, long End, string Clock) span) => _spans.TryGetValue((traceId, spanId), out span);

    /// <summary>The span's parent as read, where the input holds it.</summary>
    public bool TryGetParent(TelemetryRecord span, out (long Start, long End, string Clock) parent)
    {
        parent = default;
        return span.ParentSpanId is { } parentId && TryGet(span.TraceId, parentId, out parent);
    }

    public static long End(TelemetryRecord span) => span.Timestamp.Ticks + (long)Math.Round(span.Value * TimeSpan.TicksPerMillisecond);

    /// <summary>A clock is a pod's or host's: the instance, or the service where none is named.</summary>
    public static string ClockOf(TelemetryRecord record) => record.Instance.Length > 0 ? record.Instance : record.Service;
}
