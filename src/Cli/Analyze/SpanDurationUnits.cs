using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Span durations written in seconds read as seconds. The MELT schema's value column holds a span's duration in
/// milliseconds, but X-Ray, Prometheus and OpenTelemetry's metric conventions count seconds, and a conversion that
/// keeps them makes every span a thousand times too short: a call then begins after its caller ended. A call that
/// begins later than its caller (by two stamp steps or more: calls begun within the same millisecond say nothing)
/// begins before the caller ends; where most such calls begin after it as read and most begin within it read in
/// seconds, the durations are seconds (2023-01-30 so written: 78,711 of 79,470 such calls begin after their caller
/// ended as read; as published, 205). A larger unit always fits more calls, so only the larger one is read so where
/// milliseconds cannot hold: durations in microseconds, too long as read, are left.
/// </summary>
internal static class SpanDurationUnits
{
    /// <summary>Calls begun later than their caller, and how many of them begin after it ended as read and read in seconds.</summary>
    public readonly record struct Outcome(long Calls, long AfterCallerAsRead, long AfterCallerInSeconds)
    {
        public static Outcome None => default;

        /// <summary>Whether the durations were read as seconds.</summary>
        public bool InSeconds => AfterCallerAsRead * 2 > Calls && AfterCallerInSeconds * 2 < Calls;
    }

    /// <summary>Multiplies every span's duration by a thousand, in place, where they are seconds; <paramref name="spans"/> are as read.</summary>
    public static Outcome Read(List<TelemetryRecord> records, SpanTimes spans)
    {
        var step = spans.Resolution;
        long calls = 0, asRead = 0, inSeconds = 0;
        foreach (var (record, parent) in spans.Calls(records))
        {
            if (record.Timestamp.Ticks - parent.Start < 2 * step)
            {
                continue;
            }

            calls++;
            asRead += record.Timestamp.Ticks > parent.End + step ? 1 : 0;
            inSeconds += record.Timestamp.Ticks > parent.Start + (1000 * (parent.End - parent.Start)) + step ? 1 : 0;
        }

        var outcome = new Outcome(calls, asRead, inSeconds);
        if (outcome.InSeconds)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Kind == TelemetryKind.Span)
                {
                    records[i] = records[i] with { Value = records[i].Value * 1000 };
                }
            }
        }

        return outcome;
    }
}
