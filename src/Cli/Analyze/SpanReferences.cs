using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What the input's references between records say, in one pass over its spans' ids: spans whose parent it does not
/// hold (some at operations where traces enter, <see cref="TraceEntries"/>), and log lines that name a trace it holds no
/// span of.
/// </summary>
internal sealed record SpanReferences(
    long LostParents, long LostParentsAtEntries, long LogsWithTrace, long LogsOfUntracedRequests)
{
    public static SpanReferences Of(List<TelemetryRecord> records, SpanTimes spans)
    {
        var traces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, TraceId: { } trace })
            {
                traces.Add(trace);
            }
        }

        long lost = 0, logsWithTrace = 0, logsOfUntracedRequests = 0;
        // Per operation: its spans, those lacking their parent, and the distinct minutes they fall in (the records are in
        // time order, so a minute is new where it is not the operation's last).
        var operations = new Dictionary<(string Service, string Name), (int Spans, int Orphans, int Minutes, long LastMinute)>();
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Span)
            {
                var orphan = record.ParentSpanId is { } parentId && !spans.Holds(record.TraceId, parentId);
                lost += orphan ? 1 : 0;
                var key = (record.Service, record.Name);
                var minute = record.Timestamp.Ticks / TimeSpan.TicksPerMinute;
                var (all, orphans, minutes, last) = operations.TryGetValue(key, out var seen) ? seen : (0, 0, 0, long.MinValue);
                operations[key] = (all + 1, orphans + (orphan ? 1 : 0), minutes + (minute != last ? 1 : 0), minute);
            }
            else if (record is { Kind: TelemetryKind.Log, TraceId: { Length: > 0 } trace })
            {
                logsWithTrace++;
                logsOfUntracedRequests += traces.Contains(trace) ? 0 : 1;
            }
        }

        var atEntries = operations.Values.Where(static o => TraceEntries.IsEntry(o.Spans, o.Orphans, o.Minutes)).Sum(static o => (long)o.Orphans);
        return new SpanReferences(lost, atEntries, logsWithTrace, logsOfUntracedRequests);
    }
}
