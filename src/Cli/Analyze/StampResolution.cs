using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// How finely a kind of record is stamped: a line (a span) stamped to the millisecond, or the second, was written (began)
/// within the millisecond, or second, after its stamp.
/// </summary>
internal static class StampResolution
{
    /// <summary>The coarsest of a second, a millisecond and a microsecond that every record of the kind's time is a whole number of; else a tick.</summary>
    public static long Of(List<TelemetryRecord> records, TelemetryKind kind)
    {
        long[] steps = [TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerMicrosecond];
        foreach (var step in steps)
        {
            if (records.TrueForAll(r => r.Kind != kind || r.Timestamp.Ticks % step == 0))
            {
                return step;
            }
        }

        return 1;
    }
}
