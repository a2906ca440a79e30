using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Counts, per pair of services, minute and time bucket, how long requests took to pass from one service to the next as
/// their log lines tell (<see cref="RequestHandovers"/>): the time from the line before a service's first line in a
/// request to that line. A delay on a service's network lengthens the hand-overs into it, as it lengthens the calls'
/// time outside the callee's span (<see cref="CallTransitSummariser"/>), which needs spans; this is that measure for
/// requests without them (telemetry with no spans, or traces sampling dropped), whose log lines carry trace ids. Only
/// the segment's own lines count.
/// </summary>
internal static class LogHandoverSummariser
{
    /// <param name="handovers">The segment's hand-overs (<see cref="RequestHandovers.Of"/>), which the call edges are read from too.</param>
    public static List<CallTransitCount> Summarise(TelemetryColumns columns, IReadOnlyList<(int Before, int Row)> handovers)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(handovers);
        var services = columns.ServiceIds;
        var ticks = columns.Ticks;
        var cells = new Dictionary<(int From, int To, long Minute, int Bucket), int>();
        foreach (var (before, row) in handovers)
        {
            var gapMs = (double)(ticks[row] - ticks[before]) / TimeSpan.TicksPerMillisecond;
            var key = (services[before], services[row], ticks[row] / TimeSpan.TicksPerMinute, CallTransitSummariser.BucketOf(gapMs));
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        return CallTransitSummariser.Counts(columns, cells);
    }
}
