using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Joins log lines that name no request to the request their pod was serving when they were written. Many applications
/// never put their request's ids into a line (no trace-aware log pattern, a logger the tracing agent does not reach),
/// and what a request did (which lines it wrote, at which level) is how code-level faults show. A line is written by a
/// thread serving a request, so it joins the innermost span its pod had open at the line's instant (on the Nezha day
/// with every id taken out of its lines, 96 % of the lines lie in the spans of one request only, all but 6 of 168,257
/// their own). Where the pod was serving several requests, the line still joins the innermost span, the one begun
/// last: the requests open together are mostly alike, and which of them holds the line changes little of what their
/// requests did, while a line joined to none would make its request look as if it wrote nothing, most often where
/// requests overlap most, in a slowdown (that read 11 of 138 of order's requests as a new path during security's delay
/// on 2023-01-30). A line written while its pod served no request is left as it is.
/// <para>
/// Only services none of whose lines name a request: where a service's logger writes the ids, its lines without them
/// were written outside a request (a scheduled job, start-up). And only pods most of whose lines lie in their spans:
/// where most do not, the pod's log clock and its spans' disagree (each pod's lines off by up to 2 s: 0 to 42 % in their
/// spans, against 99.7 to 100 % as stamped), and a line would join whichever request ran at the wrong instant.
/// </para>
/// </summary>
internal static class LogRequestsByTime
{
    /// <summary>
    /// How far past a span's end a line still counts as written in it: stamps rounded to the millisecond, and a logger
    /// reading its clock a moment after the tracing agent closed the span.
    /// </summary>
    private static readonly long Tolerance = TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Lines joined to the request their pod was serving and, of them, those joined while it served several; lines left
    /// as they were because their pod served none at their instant; the services whose lines were joined; the pods whose
    /// lines mostly lay outside their spans, left as they were.
    /// </summary>
    public readonly record struct Outcome(long Joined, long AmongSeveral, long NoRequest, int Services, IReadOnlyList<string> ClocksApart)
    {
        public static Outcome None => new(0, 0, 0, 0, []);
    }

    /// <summary>
    /// Gives each log line without ids, of a service whose lines name no request, the trace and span id of the request
    /// its pod was serving at its instant, in place. <paramref name="records"/> are in time order.
    /// </summary>
    public static Outcome Join(List<TelemetryRecord> records)
    {
        var writesIds = new HashSet<string>(StringComparer.Ordinal);
        var anyWithout = false;
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Log)
            {
                if (HasIds(record))
                {
                    writesIds.Add(record.Service);
                }
                else
                {
                    anyWithout = true;
                }
            }
        }

        if (!anyWithout)
        {
            return Outcome.None;
        }

        var pods = new Dictionary<string, PodSpans>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, TraceId: { Length: > 0 } trace, SpanId: { Length: > 0 } span })
            {
                var clock = SpanTimes.ClockOf(record);
                if (!pods.TryGetValue(clock, out var pod))
                {
                    pods[clock] = pod = new PodSpans();
                }

                pod.Spans.Add(new(record.Timestamp.Ticks, SpanTimes.End(record), trace, span));
            }
        }

        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Kind == TelemetryKind.Log && !HasIds(record) && !writesIds.Contains(record.Service)
                && pods.TryGetValue(SpanTimes.ClockOf(record), out var pod))
            {
                pod.Place(i, record.Timestamp.Ticks);
            }
        }

        long joined = 0, amongSeveral = 0, none = 0;
        var services = new HashSet<string>(StringComparer.Ordinal);
        var apart = new List<string>();
        foreach (var (clock, pod) in pods.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            if (pod.Lines.Count == 0)
            {
                continue;
            }

            if (pod.Placed * 2 <= pod.Lines.Count)
            {
                apart.Add(clock);
                continue;
            }

            none += pod.Lines.Count - pod.Placed;

            foreach (var (index, span, several) in pod.Lines)
            {
                if (span is { } placed)
                {
                    records[index] = records[index] with { TraceId = placed.Trace, SpanId = placed.Span };
                    services.Add(records[index].Service);
                    joined++;
                    amongSeveral += several ? 1 : 0;
                }
            }
        }

        return new Outcome(joined, amongSeveral, none, services.Count, apart);
    }

    private static bool HasIds(TelemetryRecord record) => !string.IsNullOrEmpty(record.TraceId) || !string.IsNullOrEmpty(record.SpanId);

    private readonly record struct PodSpan(long Start, long End, string Trace, string Span);

    /// <summary>A pod's spans in order of their start, those open at the last instant placed, and its lines as placed.</summary>
    private sealed class PodSpans
    {
        private readonly List<PodSpan> _open = [];
        private int _next;

        public List<PodSpan> Spans { get; } = [];

        /// <summary>Each line's record index, the span it lies in (null: none was open) and whether several requests were open.</summary>
        public List<(int Index, PodSpan? Span, bool Several)> Lines { get; } = [];

        /// <summary>How many of <see cref="Lines"/> lie in a span.</summary>
        public int Placed { get; private set; }

        /// <summary>Places the line at <paramref name="index"/>, stamped <paramref name="ticks"/>, in the innermost span open then; lines come in time order.</summary>
        public void Place(int index, long ticks)
        {
            while (_next < Spans.Count && Spans[_next].Start <= ticks)
            {
                _open.Add(Spans[_next++]);
            }

            _open.RemoveAll(span => span.End + Tolerance < ticks);
            if (_open.Count == 0)
            {
                Lines.Add((index, null, false));
                return;
            }

            var innermost = _open[0];
            var several = false;
            foreach (var span in _open)
            {
                several |= !string.Equals(span.Trace, innermost.Trace, StringComparison.Ordinal);
                if (span.Start >= innermost.Start)
                {
                    innermost = span;
                }
            }

            Lines.Add((index, innermost, several));
            Placed++;
        }
    }
}
