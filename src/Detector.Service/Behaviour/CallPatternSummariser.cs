using System.Security.Cryptography;
using System.Text;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Counts, per service, entry operation, call pattern and minute, the spans of a segment that enter a service from
/// outside it (no parent, or a parent in another service). An entry's pattern is the set of what ran under it inside
/// the service: the service's own operations, the operations of other services it called, error statuses and the levels
/// of the log lines written in its spans. A method that throws or returns early ends its request differently (a call
/// it no longer makes, a log line it no longer writes, an error handler that runs), although no single span or line need
/// stand out: the pattern changes at the faulty service itself, not at its callers.
/// <para>
/// Sets, not counts: a loop over a varying number of items is one pattern. Log lines count by level only, so a
/// pattern carries no payload and does not split on the values a line prints. The segment's context records complete
/// the requests that straddle its edges; only its own entries are counted.
/// </para>
/// </summary>
public static class CallPatternSummariser
{
    /// <summary>The patterns of the entries among <paramref name="records"/>[<paramref name="start"/>..+<paramref name="count"/>), and the calls they made to other services' operations.</summary>
    public static (List<CallPatternCount> Patterns, List<OperationEdge> Edges) Summarise(IReadOnlyList<TelemetryRecord> records, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        var trace = TraceIndex.Of(records);
        var cells = new Dictionary<(string Service, string Operation, string Pattern, long Minute), int>();
        var calls = new Dictionary<(string Service, string Operation, string CalleeService, string CalleeOperation), long>();
        var events = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<int>();
        for (var i = start; i < start + count; i++)
        {
            var span = records[i];
            if (span.Kind != TelemetryKind.Span || span.TraceId is null || span.SpanId is null || !trace.IsEntry(span))
            {
                continue;
            }

            events.Clear();
            if (span.Status == SpanStatus.Error)
            {
                events.Add("status error");
            }

            pending.Push(i);
            // A malformed trace may hold a cycle; no request has more spans than the segment.
            for (var visited = 0; pending.Count > 0 && visited < records.Count; visited++)
            {
                var current = records[pending.Pop()];
                trace.AddLogLevels(current, events);
                foreach (var child in trace.ChildrenOf(current))
                {
                    var callee = records[child];
                    var error = callee.Status == SpanStatus.Error ? " error" : string.Empty;
                    if (string.Equals(callee.Service, span.Service, StringComparison.Ordinal))
                    {
                        events.Add($"span {callee.Name}{error}");
                        pending.Push(child);
                    }
                    else
                    {
                        events.Add($"calls {callee.Service} {callee.Name}{error}");
                        var call = (span.Service, span.Name, callee.Service, callee.Name);
                        calls[call] = calls.GetValueOrDefault(call) + 1;
                    }
                }
            }

            pending.Clear();
            var key = (span.Service, span.Name, Digest(events), span.Timestamp.Ticks / TimeSpan.TicksPerMinute);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        var counts = new List<CallPatternCount>(cells.Count);
        foreach (var ((service, operation, pattern, minute), n) in cells)
        {
            counts.Add(new CallPatternCount(service, operation, pattern, new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc), n));
        }

        counts.Sort(static (a, b) =>
        {
            var order = a.Minute.CompareTo(b.Minute);
            order = order != 0 ? order : string.CompareOrdinal(a.Service, b.Service);
            order = order != 0 ? order : string.CompareOrdinal(a.Operation, b.Operation);
            return order != 0 ? order : string.CompareOrdinal(a.Pattern, b.Pattern);
        });
        var edges = calls
            .Select(static c => new OperationEdge(c.Key.Service, c.Key.Operation, c.Key.CalleeService, c.Key.CalleeOperation, c.Value))
            .OrderBy(static e => e.CallerService, StringComparer.Ordinal)
            .ThenBy(static e => e.CallerOperation, StringComparer.Ordinal)
            .ThenBy(static e => e.CalleeService, StringComparer.Ordinal)
            .ThenBy(static e => e.CalleeOperation, StringComparer.Ordinal)
            .ToList();
        return (counts, edges);
    }

    /// <summary>Sixteen hex digits of the SHA-256 of the sorted events: the same in every process and every run.</summary>
    private static string Digest(SortedSet<string> events)
    {
        var text = string.Join('\n', events);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>A segment's spans' services by id, their children, and the log levels written in each span.</summary>
    private sealed class TraceIndex
    {
        private static readonly string[] LevelEvents = ["log DEBUG", "log INFO", "log WARN", "log ERROR"];
        private readonly Dictionary<(string Trace, string Span), string> _serviceOf = [];
        private readonly Dictionary<(string Trace, string Span), List<int>> _children = [];
        private readonly Dictionary<(string Trace, string Span), int> _levels = [];

        public static TraceIndex Of(IReadOnlyList<TelemetryRecord> records)
        {
            var index = new TraceIndex();
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                if (record.TraceId is null || record.SpanId is null)
                {
                    continue;
                }

                var key = (record.TraceId, record.SpanId);
                if (record.Kind == TelemetryKind.Log)
                {
                    // One bit per level: a span's lines count as the set of levels they were written at.
                    index._levels[key] = index._levels.GetValueOrDefault(key) | (1 << (int)(record.Level ?? Contracts.Telemetry.LogLevel.Info));
                }
                else if (record.Kind == TelemetryKind.Span)
                {
                    index._serviceOf.TryAdd(key, record.Service);
                    if (!string.IsNullOrEmpty(record.ParentSpanId))
                    {
                        var parent = (record.TraceId, record.ParentSpanId);
                        if (!index._children.TryGetValue(parent, out var children))
                        {
                            index._children[parent] = children = [];
                        }

                        children.Add(i);
                    }
                }
            }

            return index;
        }

        /// <summary>True for a span with no parent in the segment, or a parent in another service.</summary>
        public bool IsEntry(TelemetryRecord span) =>
            string.IsNullOrEmpty(span.ParentSpanId)
            || !_serviceOf.TryGetValue((span.TraceId!, span.ParentSpanId), out var parentService)
            || !string.Equals(parentService, span.Service, StringComparison.Ordinal);

        public IReadOnlyList<int> ChildrenOf(TelemetryRecord span) =>
            _children.TryGetValue((span.TraceId!, span.SpanId!), out var children) ? children : [];

        public void AddLogLevels(TelemetryRecord span, SortedSet<string> events)
        {
            if (!_levels.TryGetValue((span.TraceId!, span.SpanId!), out var levels))
            {
                return;
            }

            for (var level = 0; level < LevelEvents.Length; level++)
            {
                if ((levels & (1 << level)) != 0)
                {
                    events.Add(LevelEvents[level]);
                }
            }
        }
    }
}
