using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// What share of an incident's orphan spans at a service (<see cref="AnomalyTypes.MissingSpan"/>: spans whose parent's
/// span was lost) the rest of the run does not make usual. An exporter that drops a share of the spans all day orphans
/// that share of every service's requests; blaming their callers for it would put the busiest caller first in every
/// incident. Orphans follow the traffic, not the clock, so the usual is per request into the service at the orphan's
/// operation: the rest of the run's orphans there over its requests there (<see cref="CallPatternShift.Requests"/>),
/// expected of the incident's minutes' requests.
/// </summary>
public sealed class OrphanBackground
{
    private readonly Dictionary<string, List<(string Operation, CountSeries Orphans)>> _orphans;
    private readonly CallPatternShift _requests;

    public OrphanBackground(IEnumerable<Detection> anomalies, CallPatternShift requests)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(requests);
        _requests = requests;
        var cells = new MinuteCells<(string Service, string Operation), int>();
        foreach (var anomaly in anomalies)
        {
            if (anomaly.DetectedType == AnomalyTypes.MissingSpan)
            {
                cells.Add((anomaly.Service, anomaly.Name), anomaly.Timestamp, 1);
            }
        }

        _orphans = cells.Cells
            .GroupBy(static c => c.Key.Service, StringComparer.Ordinal)
            .ToDictionary(
                static g => g.Key,
                static g => g.Select(static c => (c.Key.Operation, new CountSeries(c.Key.Service, c.Value))).ToList(),
                StringComparer.Ordinal);
    }

    /// <summary>
    /// The share of <paramref name="orphans"/> orphan spans at <paramref name="service"/> from <paramref name="start"/>
    /// to <paramref name="end"/> beyond what the rest of the run's orphans per request expect, operation by operation,
    /// in 0..1; an operation the rest of the run has no requests at expects none.
    /// </summary>
    public double ExcessShare(string service, int orphans, DateTime start, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (orphans <= 0 || !_orphans.TryGetValue(service, out var operations))
        {
            return 1.0;
        }

        var from = MinuteSeries.MinuteOf(start);
        var to = MinuteSeries.MinuteOf(end);
        var expected = 0.0;
        foreach (var (operation, series) in operations)
        {
            var (window, total) = _requests.Requests(service, operation, from, to);
            if (total - window > 0)
            {
                expected += (double)(series.Total - series.CountIn(from, to)) / (total - window) * window;
            }
        }

        return Math.Clamp(1 - expected / orphans, 0, 1);
    }
}
