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
/// were written outside a request (a scheduled job, start-up). Only lines stamped to the millisecond or finer: a line
/// stamped to the second could be any of that second's requests. And only pods most of whose lines lie in their spans,
/// or do once moved by a time zone's offset (lines written in local time and read as UTC, then moved so): where most do
/// not, most of the pod's requests were not traced, or its log clock disagrees with its spans' (each pod's lines off by
/// up to 2 s: 0 to 42 % in their spans, against 99.7 to 100 % as stamped), and a line would join whichever request
/// ran at the wrong instant.
/// </para>
/// </summary>
internal static class LogRequestsByTime
{
    /// <summary>
    /// Lines joined to the request their pod was serving and, of them, those joined while it served several; lines left
    /// as they were because their pod served none at their instant; the services whose lines were joined; the pods whose
    /// lines mostly lay outside their spans, left as they were. A line stamped to the second could be any of that second's
    /// requests: lines stamped more coarsely than to the millisecond are not joined at all.
    /// </summary>
    public readonly record struct Outcome(long Joined, long AmongSeveral, long NoRequest, int Services, IReadOnlyList<string> ClocksApart)
    {
        public static Outcome None => new(0, 0, 0, 0, []);

        /// <summary>Log lines that name no request, left as they are because lines are stamped more coarsely than to the millisecond.</summary>
        public long TooCoarse { get; init; }

        /// <summary>Pods whose lines lay in their spans once moved by a time zone's offset, and were moved by it, in pod order.</summary>
        public IReadOnlyList<(string Pod, TimeSpan Moved)> Rezoned { get; init; } = [];
    }

    /// <summary>
    /// Gives each log line without ids, of a service whose lines name no request, the trace and span id of the request
    /// its pod was serving at its instant, in place. <paramref name="records"/> are in time order.
    /// </summary>
    public static Outcome Join(List<TelemetryRecord> records)
    {
        var writesIds = new HashSet<string>(StringComparer.Ordinal);
        var without = 0L;
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
                    without++;
                }
            }
        }

        if (without == 0)
        {
            return Outcome.None;
        }

        var (lineResolution, spanResolution) = (StampResolution.Of(records, TelemetryKind.Log), StampResolution.Of(records, TelemetryKind.Span));
        if (lineResolution > TimeSpan.TicksPerMillisecond)
        {
            return Outcome.None with { TooCoarse = without };
        }

        var pods = new Dictionary<string, PodSpans>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, TraceId: { Length: > 0 } trace, SpanId: { Length: > 0 } span })
            {
                var clock = SpanTimes.ClockOf(record);
                if (!pods.TryGetValue(clock, out var pod))
                {
                    pods[clock] = pod = new PodSpans(lineResolution, spanResolution);
                }

                pod.Spans.Add(new(record.Timestamp.Ticks, SpanTimes.End(record), trace, span));
            }
        }

        var lines = new Dictionary<string, List<(int Index, long Ticks)>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var clock = SpanTimes.ClockOf(record);
            if (record.Kind == TelemetryKind.Log && !HasIds(record) && !writesIds.Contains(record.Service) && pods.ContainsKey(clock))
            {
                if (!lines.TryGetValue(clock, out var list))
                {
                    lines[clock] = list = [];
                }

                list.Add((i, record.Timestamp.Ticks));
            }
        }

        long joined = 0, amongSeveral = 0, none = 0;
        var services = new HashSet<string>(StringComparer.Ordinal);
        var apart = new List<string>();
        var rezoned = new List<(string, TimeSpan)>();
        foreach (var (clock, podLines) in lines.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            var pod = pods[clock];
            var placed = pod.Place(podLines, 0);
            var offset = 0L;
            if (placed.Count(static p => p.Span is not null) * 2 <= podLines.Count)
            {
                // Lines written in local time and read as UTC lie whole quarter hours off their requests.
                if (pod.ZoneOffset(podLines) is not { } zone)
                {
                    apart.Add(clock);
                    continue;
                }

                offset = zone;
                placed = pod.Place(podLines, offset);
                rezoned.Add((clock, TimeSpan.FromTicks(offset)));
            }

            foreach (var (index, span, several) in placed)
            {
                var record = records[index];
                if (span is { } request)
                {
                    record = record with { TraceId = request.Trace, SpanId = request.Span };
                    services.Add(record.Service);
                    joined++;
                    amongSeveral += several ? 1 : 0;
                }
                else
                {
                    none++;
                }

                records[index] = offset == 0 ? record : record with { Timestamp = record.Timestamp.AddTicks(offset) };
            }
        }

        return new Outcome(joined, amongSeveral, none, services.Count, apart) { Rezoned = rezoned };
    }

    private static bool HasIds(TelemetryRecord record) => !string.IsNullOrEmpty(record.TraceId) || !string.IsNullOrEmpty(record.SpanId);

    private readonly record struct PodSpan(long Start, long End, string Trace, string Span);

    /// <summary>A pod's spans in order of their start, and where its lines lie among them.</summary>
    /// <param name="lineResolution">A line was written within this after its stamp (<see cref="StampResolution"/>).</param>
    /// <param name="spanResolution">A span began within this after its stamp, and ended within this after its start and duration.</param>
    private sealed class PodSpans(long lineResolution, long spanResolution)
    {
        /// <summary>Time zones lie whole quarter hours from UTC, at most 14 hours either way.</summary>
        private static readonly long ZoneStep = TimeSpan.FromMinutes(15).Ticks;

        private static readonly long FarthestZone = TimeSpan.FromHours(14).Ticks;

        /// <summary>Lines enough to tell whether most lie in the pod's spans at an offset.</summary>
        private const int ZoneSample = 1_000;

        public List<PodSpan> Spans { get; } = [];

        /// <summary>
        /// Each line's record index, the innermost span open at its instant moved by <paramref name="offset"/> (null:
        /// none was), and whether several requests were open; <paramref name="lines"/> come in time order.
        /// </summary>
        public List<(int Index, PodSpan? Span, bool Several)> Place(List<(int Index, long Ticks)> lines, long offset)
        {
            var placed = new List<(int, PodSpan?, bool)>(lines.Count);
            var open = new List<PodSpan>();
            var next = 0;
            foreach (var (index, stamp) in lines)
            {
                var ticks = stamp + offset;
                while (next < Spans.Count && Spans[next].Start <= ticks + lineResolution)
                {
                    open.Add(Spans[next++]);
                }

                open.RemoveAll(span => span.End + spanResolution < ticks);
                if (open.Count == 0)
                {
                    placed.Add((index, null, false));
                    continue;
                }

                var innermost = open[0];
                var several = false;
                foreach (var span in open)
                {
                    several |= !string.Equals(span.Trace, innermost.Trace, StringComparison.Ordinal);
                    if (span.Start >= innermost.Start)
                    {
                        innermost = span;
                    }
                }

                placed.Add((index, innermost, several));
            }

            return placed;
        }

        /// <summary>
        /// The whole number of quarter hours, not none, by which most of <paramref name="lines"/> moved lie in the pod's
        /// spans, the most of them at the nearest such offset; null when at none do most.
        /// </summary>
        public long? ZoneOffset(List<(int Index, long Ticks)> lines)
        {
            var busy = Busy();
            var starts = busy.ConvertAll(static b => b.From);
            var step = Math.Max(1, lines.Count / ZoneSample);
            var sampled = (lines.Count + step - 1) / step;
            long? best = null;
            var most = sampled / 2;
            for (var offset = ZoneStep; offset <= FarthestZone; offset += ZoneStep)
            {
                foreach (var candidate in new[] { -offset, offset })
                {
                    var within = 0;
                    for (var i = 0; i < lines.Count; i += step)
                    {
                        var ticks = lines[i].Ticks + candidate;
                        var at = starts.BinarySearch(ticks);
                        at = at >= 0 ? at : ~at - 1;
                        within += at >= 0 && busy[at].To >= ticks ? 1 : 0;
                    }

                    if (within > most)
                    {
                        (best, most) = (candidate, within);
                    }
                }
            }

            return best;
        }

        /// <summary>The times at least one span was open, as disjoint stretches in order, widened by the stamps' resolutions.</summary>
        private List<(long From, long To)> Busy()
        {
            var busy = new List<(long From, long To)>();
            foreach (var span in Spans)
            {
                var (from, to) = (span.Start - lineResolution, span.End + spanResolution);
                if (busy.Count > 0 && from <= busy[^1].To)
                {
                    busy[^1] = (busy[^1].From, Math.Max(busy[^1].To, to));
                }
                else
                {
                    busy.Add((from, to));
                }
            }

            return busy;
        }
    }
}
