using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What the input's references between records say, in one pass over its spans' ids: spans whose parent it does not
/// hold (some at operations where traces enter, <see cref="TraceEntries"/>), log lines that name a trace it holds no
/// span of, and calls into another service that begin before the span that made them. A call cannot begin before its
/// caller, so such calls say the services' clocks disagree (the public Nezha days hold none of 52,663).
/// </summary>
internal sealed record SpanReferences(
    long LostParents, long LostParentsAtEntries, long LogsWithTrace, long LogsOfUntracedRequests, SpanReferences.EarlyCalls CallsBeforeCaller)
{
    /// <param name="Calls">Spans whose parent is a span of another service.</param>
    /// <param name="Early">Of them, those that begin before their parent.</param>
    /// <param name="MedianLead">How long before their parent the early ones begin, at the median.</param>
    internal sealed record EarlyCalls(long Calls, long Early, TimeSpan MedianLead)
    {
        public static EarlyCalls None { get; } = new(0, 0, TimeSpan.Zero);
    }

    public static SpanReferences Of(List<TelemetryRecord> records)
    {
        var spans = new Dictionary<(string?, string), (DateTime Start, string Service)>();
        var traces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, SpanId: { } span })
            {
                spans.TryAdd((record.TraceId, span), (record.Timestamp, record.Service));
                if (record.TraceId is { } trace)
                {
                    traces.Add(trace);
                }
            }
        }

        long lost = 0, logsWithTrace = 0, logsOfUntracedRequests = 0, calls = 0;
        var leads = new List<long>();
        // Per operation: its spans, those lacking their parent, and the distinct minutes they fall in (the records are in
        // time order, so a minute is new where it is not the operation's last).
        var operations = new Dictionary<(string Service, string Name), (int Spans, int Orphans, int Minutes, long LastMinute)>();
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Span)
            {
                var orphan = false;
                if (record.ParentSpanId is { } parentId)
                {
                    orphan = !spans.TryGetValue((record.TraceId, parentId), out var parent);
                    if (!orphan && !string.Equals(parent.Service, record.Service, StringComparison.Ordinal))
                    {
                        calls++;
                        if (record.Timestamp < parent.Start)
                        {
                            leads.Add((parent.Start - record.Timestamp).Ticks);
                        }
                    }
                }

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
        leads.Sort();
        var early = leads.Count == 0 ? EarlyCalls.None : new EarlyCalls(calls, leads.Count, TimeSpan.FromTicks(leads[leads.Count / 2]));
        return new SpanReferences(lost, atEntries, logsWithTrace, logsOfUntracedRequests, early);
    }
}
