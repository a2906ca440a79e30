using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Spans stamped at their end read as begun their duration earlier. The MELT schema stamps a span at its start, but an
/// exporter that logs each span as it finishes stamps it at its end, and read as starts those stamps make a call begin
/// before its caller or end after it (on 2023-01-30 so written, 30 % of the calls break one of the two rules
/// as read, 0.4 % once read as ended at their stamp; as published, 1.0 % as read and 44 % read as ended). A call begins
/// no earlier than the span that made it and ends no later: the reading under which fewer calls break that is the
/// one the spans were written in. Both readings keep the durations, so neither is favoured by their unit, and where
/// they tie the spans are read as stamped.
/// </summary>
internal static class SpanEndStamps
{
    /// <summary>Calls whose caller the input holds, and how many of them break the rules as read and as stamped at their end.</summary>
    public readonly record struct Outcome(long Calls, long BrokenAsRead, long BrokenAtEnd)
    {
        public static Outcome None => default;

        /// <summary>Whether the spans were read as stamped at their end.</summary>
        public bool AtEnd => BrokenAtEnd < BrokenAsRead;
    }

    /// <summary>
    /// Moves every span's stamp back by its duration, in place, where fewer calls break the rules so; the records are
    /// then out of time order, and <paramref name="spans"/> are as read.
    /// </summary>
    public static Outcome Read(List<TelemetryRecord> records, SpanTimes spans)
    {
        var tolerance = spans.Resolution;
        long calls = 0, asRead = 0, atEnd = 0;
        foreach (var (record, parent) in spans.Calls(records))
        {
            var (start, end) = (record.Timestamp.Ticks, SpanTimes.End(record));
            calls++;
            asRead += Breaks(start, end, parent.Start, parent.End, tolerance) ? 1 : 0;
            // Stamped at its end: the stamp read as a start is the end, and the start lies a duration before it.
            atEnd += Breaks(2 * start - end, start, 2 * parent.Start - parent.End, parent.Start, tolerance) ? 1 : 0;
        }

        var outcome = new Outcome(calls, asRead, atEnd);
        if (outcome.AtEnd)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Kind == TelemetryKind.Span)
                {
                    // The start is known as finely as the stamp: to its resolution, as a start stamped so would read.
                    var start = 2 * records[i].Timestamp.Ticks - SpanTimes.End(records[i]);
                    var rounded = (long)Math.Round((double)start / tolerance, MidpointRounding.AwayFromZero) * tolerance;
                    records[i] = records[i] with { Timestamp = new DateTime(rounded, DateTimeKind.Utc) };
                }
            }
        }

        return outcome;
    }

    /// <summary>Whether a call from <paramref name="start"/> to <paramref name="end"/> began before its caller or ended after it, beyond the stamps' resolution.</summary>
    private static bool Breaks(long start, long end, long callerStart, long callerEnd, long tolerance) =>
        start < callerStart - tolerance || end > callerEnd + tolerance;
}
