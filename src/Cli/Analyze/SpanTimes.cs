using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The input's spans by trace and span id, with when each began and ended as read and whose clock stamped it: one index
/// for the passes that follow a span to its parent (<see cref="ClockOffsets"/>, <see cref="SpanReferences"/>).
/// </summary>
internal sealed class SpanTimes
{
    private readonly Dictionary<(string?, string), SpanTime> _spans = [];

    /// <summary>When a span began and ended as read, in ticks, and whose clock stamped it.</summary>
    public readonly record struct SpanTime(long Start, long End, string Clock);

    /// <summary>How finely the spans are stamped (<see cref="StampResolution"/>), in ticks.</summary>
    public long Resolution { get; private set; } = TimeSpan.TicksPerSecond;

    public static SpanTimes Of(List<TelemetryRecord> records)
    {
        var times = new SpanTimes();
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Span)
            {
                times.Resolution = StampResolution.Within(times.Resolution, record.Timestamp.Ticks);
                if (record.SpanId is { } span)
                {
                    times._spans.TryAdd((record.TraceId, span), new(record.Timestamp.Ticks, End(record), ClockOf(record)));
                }
            }
        }

        return times;
    }

    public bool Holds(string? traceId, string spanId) => _spans.ContainsKey((traceId, spanId));

    /// <summary>The span as read, where the input holds it.</summary>
    public bool TryGet(string? traceId, string spanId, out SpanTime span) => _spans.TryGetValue((traceId, spanId), out span);

    /// <summary>
    /// The calls: every span of <paramref name="records"/> whose parent this index holds, with that parent as indexed.
    /// A call begins no earlier than its caller and, shorter than it, ends no later; the passes that read units, stamps
    /// and clocks from the calls all walk these.
    /// </summary>
    public IEnumerable<(TelemetryRecord Call, SpanTime Caller)> Calls(List<TelemetryRecord> records)
    {
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, ParentSpanId: { } parentId } && TryGet(record.TraceId, parentId, out var caller))
            {
                yield return (record, caller);
            }
        }
    }

    public static long End(TelemetryRecord span) => span.Timestamp.Ticks + (long)Math.Round(span.Value * TimeSpan.TicksPerMillisecond);

    /// <summary>A clock is a pod's or host's: the instance, or the service where none is named.</summary>
    public static string ClockOf(TelemetryRecord record) => record.Instance.Length > 0 ? record.Instance : record.Service;
}
