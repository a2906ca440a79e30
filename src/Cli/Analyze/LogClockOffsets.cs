using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A pod's log lines set to the clock of its spans: a line is written while the span it names runs, so lines stamped
/// by another clock (a log written in local time and read as UTC, a shipper that stamps lines by its own clock) lie
/// outside their spans, and the offset with which they lie within them is the one between the two clocks
/// (<see cref="ClockBounds"/>). Run before <see cref="ClockOffsets"/>, which then moves the pod's lines with its spans.
/// </summary>
internal static class LogClockOffsets
{
    /// <param name="Pods">Pods whose log lines were moved to lie within the spans they name.</param>
    /// <param name="MedianShift">How far, at the median.</param>
    /// <param name="LargestShift">How far the pod moved most was moved.</param>
    internal sealed record Outcome(int Pods, TimeSpan MedianShift, TimeSpan LargestShift)
    {
        public static Outcome None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>
    /// Moves each pod's log lines that lie, most of them, outside the spans they name by the offset with which they lie
    /// within them, in place (a log written in local time and read as UTC, a shipper that stamps lines by its own
    /// clock). A line is written while its span runs: the same bounds as a call within its caller, the line a call of
    /// no length. Lines whose span is another pod's, or that name none, say nothing; a pod whose lines mostly lie within
    /// their spans is left as read.
    /// </summary>
    public static Outcome Align(List<TelemetryRecord> records, SpanTimes spans)
    {
        var (lineResolution, spanResolution) = (StampResolution.Of(records, TelemetryKind.Log), spans.Resolution);
        var byPod = new Dictionary<string, ClockBounds.Gaps>(StringComparer.Ordinal);
        var outside = false;
        foreach (var record in records)
        {
            if (record is { Kind: TelemetryKind.Log, SpanId: { } spanId } && spans.TryGet(record.TraceId, spanId, out var span)
                && string.Equals(span.Clock, SpanTimes.ClockOf(record), StringComparison.Ordinal))
            {
                if (!byPod.TryGetValue(span.Clock, out var gaps))
                {
                    byPod[span.Clock] = gaps = new ClockBounds.Gaps();
                }

                var time = record.Timestamp.Ticks;
                gaps.Starts.Add(time + lineResolution - span.Start);
                gaps.Ends.Add(span.End + spanResolution - time);
                outside |= time + lineResolution < span.Start || time > span.End + spanResolution;
            }
        }

        if (!outside)
        {
            return Outcome.None;
        }

        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (pod, gaps) in byPod)
        {
            // Most of the pod's lines lie outside their spans as read, and most lie within them once moved.
            var outsideAsRead = gaps.Starts.Zip(gaps.Ends).Count(static g => g.First < 0 || g.Second < 0);
            if (outsideAsRead * 2 > gaps.Starts.Count && ClockBounds.Agreeing(gaps) is var (low, high) && low == high && Math.Round(low) is var offset and not 0)
            {
                offsets[pod] = (long)offset;
            }
        }

        if (offsets.Count == 0)
        {
            return Outcome.None;
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Kind == TelemetryKind.Log && offsets.TryGetValue(SpanTimes.ClockOf(records[i]), out var offset))
            {
                records[i] = records[i] with { Timestamp = records[i].Timestamp.AddTicks(-offset) };
            }
        }

        var shifts = offsets.Values.Select(static o => Math.Abs(o)).Order().ToList();
        return new Outcome(shifts.Count, TimeSpan.FromTicks(shifts[shifts.Count / 2]), TimeSpan.FromTicks(shifts[^1]));
    }
}
