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
        var step = TimeSpan.TicksPerSecond;
        foreach (var record in records)
        {
            if (record.Kind == kind)
            {
                step = Within(step, record.Timestamp.Ticks);
            }
        }

        return step;
    }

    /// <summary>The coarsest of a second, a millisecond, a microsecond and a tick, no coarser than <paramref name="step"/>, that <paramref name="ticks"/> is a whole number of.</summary>
    public static long Within(long step, long ticks)
    {
        while (ticks % step != 0)
        {
            step = step switch
            {
                TimeSpan.TicksPerSecond => TimeSpan.TicksPerMillisecond,
                TimeSpan.TicksPerMillisecond => TimeSpan.TicksPerMicrosecond,
                _ => 1,
            };
        }

        return step;
    }
}
