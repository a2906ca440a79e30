using System.Runtime.CompilerServices;
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
/// A pod's lines are joined only where twice as many lie in its spans as would at offsets of 3 s to a minute, where the
/// lines' times place them by chance: most lines may lie outside every span where most requests were not
/// traced (head sampling keeps a quarter: their lines fall where the pod has no span, and the traced requests' lines are
/// still theirs), but where they lie in spans no more than by chance, their times say nothing of their requests. Where
/// at most half lie in spans as stamped and most do once moved by a time zone's whole quarter hours, the lines were
/// written in local time and read as UTC, and are moved so. A pod's lines and its spans are stamped by one host's
/// clock, so no smaller offset is looked for.
/// </para>
/// <para>
/// Only services none of whose lines name a request: where a service's logger writes the ids, its lines without them
/// were written outside a request (a scheduled job, start-up). Only lines stamped to the millisecond or finer: a line
/// stamped to the second could be any of that second's requests. And only pods most of whose lines in spans lie in one
/// request's spans alone: where most fell among several (a pod serving many requests at once), which request wrote a
/// line would mostly be a guess.
/// </para>
/// </summary>
internal static class LogRequestsByTime
{
    /// <summary>
    /// Lines joined to the request their pod was serving and, of them, those joined while it served several; lines left
    /// as they were because their pod served none at their instant; the services whose lines were joined; the pods whose
    /// lines lay in their spans no more than by chance, left as they were.
    /// </summary>
    public readonly record struct Outcome(long Joined, long AmongSeveral, long NoRequest, int Services, IReadOnlyList<string> ClocksApart)
    {
        public static Outcome None => new(0, 0, 0, 0, []);

        /// <summary>Pods most of whose lines in spans were written while they served several requests at once, left as they were.</summary>
        public IReadOnlyList<string> Crowded { get; init; } = [];

        /// <summary>Log lines that name no request, left as they are because lines are stamped more coarsely than to the millisecond.</summary>
        public long TooCoarse { get; init; }

        /// <summary>Pods whose lines lay in their spans once moved by a time zone's offset, and were moved by it, in pod order.</summary>
        public IReadOnlyList<(string Pod, TimeSpan Moved)> Moved { get; init; } = [];
    }

    // Run once per input over every record: optimised from the first call rather than after tiering up.

    /// <summary>
    /// Gives each log line without ids, of a service whose lines name no request, the trace and span id of the request
    /// its pod was serving at its instant, in place. <paramref name="records"/> are in time order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        // The lines of services that never write ids, by pod; then the spans of those pods only.
        var lines = new Dictionary<string, List<(int Index, long Ticks)>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Kind == TelemetryKind.Log && !HasIds(record) && !writesIds.Contains(record.Service))
            {
                var clock = SpanTimes.ClockOf(record);
                if (!lines.TryGetValue(clock, out var list))
                {
                    lines[clock] = list = [];
                }

                list.Add((i, record.Timestamp.Ticks));
            }
        }

        var pods = new Dictionary<string, PodSpans>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Span, TraceId: { Length: > 0 } trace, SpanId: { Length: > 0 } span }
                && SpanTimes.ClockOf(record) is var clock && lines.ContainsKey(clock))
            {
                if (!pods.TryGetValue(clock, out var pod))
                {
                    pods[clock] = pod = new PodSpans(lineResolution, spanResolution);
                }

                pod.Spans.Add(new(record.Timestamp.Ticks, SpanTimes.End(record), trace, span));
            }
        }

        long joined = 0, amongSeveral = 0, none = 0;
        var services = new HashSet<string>(StringComparer.Ordinal);
        var apart = new List<string>();
        var moved = new List<(string, TimeSpan)>();
        var crowded = new List<string>();
        foreach (var (clock, podLines) in lines.Where(p => pods.ContainsKey(p.Key)).OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            var pod = pods[clock];
            if (pod.Align(podLines) is not { } offset)
            {
                apart.Add(clock);
                continue;
            }

            if (offset != 0)
            {
                moved.Add((clock, TimeSpan.FromTicks(offset)));
            }

            var placed = pod.Place(podLines, offset);
            // Where most lines in spans fell among several requests, which wrote each is mostly a guess.
            if (placed.Count(static p => p is { Span: not null, Several: false }) * 2 <= placed.Count(static p => p.Span is not null))
            {
                crowded.Add(clock);
                continue;
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

        return new Outcome(joined, amongSeveral, none, services.Count, apart) { Moved = moved, Crowded = crowded };
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

        /// <summary>Lines enough to tell how many lie in the pod's spans at an offset.</summary>
        private const int SampledLines = 1_000;

        /// <summary>
        /// Offsets at which lines lie in spans by chance: longer than most requests, and short enough that the load is
        /// much the same (prime numbers of seconds, so as not to fall in step with a load's beat).
        /// </summary>
        private static readonly long[] ChanceOffsets = [.. new[] { 3, 7, 13, 31, 61 }.Select(static s => TimeSpan.FromSeconds(s).Ticks)];

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

                var kept = 0;
                for (var i = 0; i < open.Count; i++)
                {
                    if (open[i].End + spanResolution >= ticks)
                    {
                        open[kept++] = open[i];
                    }
                }

                open.RemoveRange(kept, open.Count - kept);
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
        /// The offset to move the pod's <paramref name="lines"/> by to lie in its spans (0: as stamped), or null where
        /// they lie in them no more than by chance. Moved only where
        /// at most half lie in spans as stamped and most do once moved by a time zone's whole quarter hours (lines
        /// written in local time and read as UTC); joined only where twice as many lie in spans as at
        /// <see cref="ChanceOffsets"/> from there, where the lines' times place them by chance.
        /// </summary>
        public long? Align(List<(int Index, long Ticks)> lines)
        {
            var busy = Busy();
            var step = Math.Max(1, lines.Count / SampledLines);
            var sample = new List<long>(lines.Count / step + 1);
            for (var i = 0; i < lines.Count; i += step)
            {
                sample.Add(lines[i].Ticks);
            }

            var (best, most) = (0L, Hits(busy, sample, 0));
            if (most * 2 <= sample.Count)
            {
                // The nearest zone at which the most lie in spans, where most do.
                foreach (var zone in Zones())
                {
                    var hits = Hits(busy, sample, zone);
                    if (hits * 2 > sample.Count && hits > most)
                    {
                        (best, most) = (zone, hits);
                    }
                }
            }

            var chance = new List<int>();
            foreach (var away in ChanceOffsets)
            {
                chance.Add(Hits(busy, sample, best - away));
                chance.Add(Hits(busy, sample, best + away));
            }

            chance.Sort();
            var byChance = (chance[(chance.Count / 2) - 1] + chance[chance.Count / 2]) / 2.0;
            return most > 2 * byChance ? best : null;
        }

        private static IEnumerable<long> Zones()
        {
            for (var offset = ZoneStep; offset <= FarthestZone; offset += ZoneStep)
            {
                yield return -offset;
                yield return offset;
            }
        }

        /// <summary>How many of <paramref name="sample"/>, moved by <paramref name="offset"/>, lie in <paramref name="busy"/>.</summary>
        private static int Hits(List<(long From, long To)> busy, List<long> sample, long offset)
        {
            var within = 0;
            foreach (var stamp in sample)
            {
                var ticks = stamp + offset;
                var at = LastStartingBy(busy, ticks);
                within += at >= 0 && busy[at].To >= ticks ? 1 : 0;
            }

            return within;
        }

        /// <summary>The index of the last stretch of <paramref name="busy"/> beginning at or before <paramref name="ticks"/>; -1 when none does.</summary>
        private static int LastStartingBy(List<(long From, long To)> busy, long ticks)
        {
            var (low, high) = (0, busy.Count - 1);
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                if (busy[middle].From <= ticks)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return high;
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
